//! Spec evolution end to end: `pull` from a local server on 127.0.0.1, the
//! classified `diff`, and `regen` versioning the crate by it.

mod common;

use std::fs;

use common::Workspace;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use xtask::Version;
use xtask::regen::Outcome;

/// A docs page embedding `spec` the way the vendors' pages do.
fn page(spec: &str) -> String {
    format!(
        "> ## Documentation Index\n\n# Get something\n\n## OpenAPI\n\n````yaml get /x\n{spec}````"
    )
}

/// Serve every pullable spec of the workspace as a docs page at its source path.
async fn serve_current(
    ws: &Workspace,
    server: &MockServer,
    overrides: &[(&str, ResponseTemplate)],
) {
    let sources = [
        (
            "/api-reference/test_framework/get-payment-history.md",
            "specs/cekura/payment-history.yaml",
        ),
        (
            "/api-reference/organization/get-billing-info.md",
            "specs/cekura/billing-info.yaml",
        ),
        (
            "/api-reference/billing/get-billing-history.md",
            "specs/autoposting/billing-history.yaml",
        ),
    ];
    for (route, file) in sources {
        let template = overrides
            .iter()
            .find(|(r, _)| *r == route)
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| {
                ResponseTemplate::new(200)
                    .set_body_string(page(&fs::read_to_string(ws.root().join(file)).unwrap()))
            });
        Mock::given(method("GET"))
            .and(path(route))
            .respond_with(template)
            .mount(server)
            .await;
    }
}

fn pull(ws: &Workspace, server: &MockServer, vendors: &[&str]) -> (i32, String) {
    let opts = xtask::pull::Options {
        vendors: vendors.iter().map(|v| (*v).to_owned()).collect(),
        origin: Some(server.uri()),
        date: Some("2026-12-01".into()),
    };
    let root = ws.root().to_path_buf();
    let mut report = Vec::new();
    let code = std::thread::scope(|s| {
        s.spawn(|| xtask::pull::run(&root, &opts, &mut report).unwrap())
            .join()
            .unwrap()
    });
    (code, String::from_utf8(report).unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn pulling_unchanged_pages_writes_nothing_and_skips_hand_written_specs() {
    let ws = Workspace::new();
    let server = MockServer::start().await;
    serve_current(&ws, &server, &[]).await;
    let before = fs::read_to_string(ws.root().join("specs/cekura/vendor.yaml")).unwrap();
    let (code, report) = tokio::task::block_in_place(|| pull(&ws, &server, &[]));
    assert_eq!(code, 0, "{report}");
    assert_eq!(report.matches(": unchanged").count(), 3, "{report}");
    assert!(
        report.contains("specs/mifumo/openapi.yaml: not pullable (hand-written"),
        "{report}"
    );
    assert!(
        report.contains("specs/profile-payments/openapi.yaml: not pullable"),
        "{report}"
    );
    assert_eq!(
        fs::read_to_string(ws.root().join("specs/cekura/vendor.yaml")).unwrap(),
        before
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pulled_change_is_classified_then_regen_bumps_the_version_and_writes_the_changelog() {
    let ws = Workspace::new();
    let server = MockServer::start().await;
    let version = |vendor: &str| -> Version {
        let changelog = fs::read_to_string(
            ws.root()
                .join(format!("crates/{vendor}-client/CHANGELOG.md")),
        )
        .unwrap();
        xtask::latest_version(&changelog).unwrap()
    };
    let (autoposting, cekura) = (version("autoposting"), version("cekura"));
    // A breaking change in a 0.y crate moves y.
    assert_eq!(autoposting.0, 0);
    let next = Version(0, autoposting.1 + 1, 0);
    let current =
        fs::read_to_string(ws.root().join("specs/autoposting/billing-history.yaml")).unwrap();
    let changed = current
        .replace(
            "        amount:\n          type: integer\n",
            "        amount:\n          type: string\n",
        )
        .replace(
            "        invoiceUrl:\n",
            "        hostedUrl:\n          type: string\n        invoiceUrl:\n",
        );
    assert_ne!(changed, current);
    let route = "/api-reference/billing/get-billing-history.md";
    serve_current(
        &ws,
        &server,
        &[(
            route,
            ResponseTemplate::new(200).set_body_string(page(&changed)),
        )],
    )
    .await;

    let (code, report) = tokio::task::block_in_place(|| pull(&ws, &server, &["autoposting"]));
    assert_eq!(code, 0, "{report}");
    assert!(
        report.contains("specs/autoposting/billing-history.yaml: updated"),
        "{report}"
    );
    assert!(report.contains("BREAKING  /components/schemas/Invoice/properties/amount: type changed from integer to string"), "{report}");
    assert!(report.contains("ok        /components/schemas/Invoice/properties/hostedUrl: new optional property `hostedUrl`"), "{report}");
    assert_eq!(
        fs::read_to_string(ws.root().join("specs/autoposting/billing-history.yaml")).unwrap(),
        changed
    );
    assert!(
        fs::read_to_string(ws.root().join("specs/autoposting/vendor.yaml"))
            .unwrap()
            .contains("retrieved: 2026-12-01")
    );

    // diff sees the same, in JSON for CI.
    let mut out = Vec::new();
    let opts = xtask::diff::Options {
        vendor: "autoposting".into(),
        json: true,
        fail_on_breaking: true,
        ..Default::default()
    };
    assert_eq!(
        xtask::diff::run(ws.root(), &opts, &mut out).unwrap(),
        1,
        "breaking changes fail the gate"
    );
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["breaking"], true);
    assert!(
        json["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(
                |c| c["pointer"] == "/components/schemas/Invoice/properties/amount"
                    && c["level"] == "breaking"
            )
    );

    // --check now fails: the crate's code changed and its version has not.
    assert!(matches!(ws.regen(true, &[]).0, Outcome::Drifted(_)));
    let (outcome, report, _) = ws.regen(false, &[]);
    assert!(matches!(outcome, Outcome::Written(_)), "{report}");
    assert!(
        report.contains(&format!("version: {autoposting} -> {next}")),
        "{report}"
    );
    let cargo = fs::read_to_string(ws.root().join("crates/autoposting-client/Cargo.toml")).unwrap();
    assert!(cargo.contains(&format!("\nversion = \"{next}\"\n")));
    let changelog =
        fs::read_to_string(ws.root().join("crates/autoposting-client/CHANGELOG.md")).unwrap();
    assert!(changelog.contains(&format!("## {next} (spec retrieved 2026-12-01)\n\nBreaking:\n\n- `/components/schemas/Invoice/properties/amount`: type changed from integer to string\n")), "{changelog}");
    assert!(changelog.contains("Non-breaking:\n\n- `/components/schemas/Invoice/properties/hostedUrl`: new optional property `hostedUrl`\n"), "{changelog}");
    assert!(
        changelog.contains(&format!("## {autoposting} (spec retrieved 2026-11-21)")),
        "the history is kept"
    );
    // Other crates' specs did not change: they keep their version.
    assert!(
        fs::read_to_string(ws.root().join("crates/cekura-client/Cargo.toml"))
            .unwrap()
            .contains(&format!("\nversion = \"{cekura}\"\n"))
    );
    assert_eq!(ws.regen(true, &[]).0, Outcome::UpToDate);
    assert_eq!(
        ws.regen(false, &[]).0,
        Outcome::UpToDate,
        "a second regen changes nothing"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pull_that_fails_midway_leaves_specs_untouched() {
    for failure in [
        ResponseTemplate::new(503).set_body_string("down"),
        ResponseTemplate::new(200).set_body_string("# A docs page\n\nwith no spec block at all\n"),
        ResponseTemplate::new(200).set_body_string("````yaml\nnot: an openapi document\n````"),
    ] {
        let ws = Workspace::new();
        let server = MockServer::start().await;
        let current =
            fs::read_to_string(ws.root().join("specs/cekura/payment-history.yaml")).unwrap();
        let changed = current.replace(
            "summary: Get payment history",
            "summary: Get the payment history",
        );
        serve_current(
            &ws,
            &server,
            &[
                (
                    "/api-reference/test_framework/get-payment-history.md",
                    ResponseTemplate::new(200).set_body_string(page(&changed)),
                ),
                ("/api-reference/organization/get-billing-info.md", failure),
            ],
        )
        .await;
        let before: Vec<_> = ["payment-history.yaml", "billing-info.yaml", "vendor.yaml"]
            .iter()
            .map(|f| fs::read(ws.root().join("specs/cekura").join(f)).unwrap())
            .collect();
        let (code, report) = tokio::task::block_in_place(|| pull(&ws, &server, &["cekura"]));
        assert_eq!(code, 1, "{report}");
        assert!(
            report.contains("error: specs/cekura/billing-info.yaml:"),
            "{report}"
        );
        assert!(report.contains("specs/ was left untouched"), "{report}");
        let after: Vec<_> = ["payment-history.yaml", "billing-info.yaml", "vendor.yaml"]
            .iter()
            .map(|f| fs::read(ws.root().join("specs/cekura").join(f)).unwrap())
            .collect();
        assert_eq!(before, after, "{report}");
    }
}

#[test]
fn an_unreachable_source_is_a_clear_error() {
    let ws = Workspace::new();
    let origin = common::closed_origin();
    let opts = xtask::pull::Options {
        vendors: vec!["autoposting".into()],
        origin: Some(origin),
        date: None,
    };
    let mut report = Vec::new();
    assert_eq!(xtask::pull::run(ws.root(), &opts, &mut report).unwrap(), 1);
    let report = String::from_utf8(report).unwrap();
    assert!(
        report.contains("error: specs/autoposting/billing-history.yaml: cannot download"),
        "{report}"
    );
}

#[test]
fn diff_of_an_unchanged_vendor_reports_nothing_in_text() {
    let ws = Workspace::new();
    let mut out = Vec::new();
    let opts = xtask::diff::Options {
        vendor: "mifumo".into(),
        ..Default::default()
    };
    assert_eq!(xtask::diff::run(ws.root(), &opts, &mut out).unwrap(), 0);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "mifumo: 0 change(s), 0 breaking, since crates/mifumo-client/openapi.json\n"
    );
}

#[test]
fn diff_against_a_git_revision_uses_the_crate_spec_of_that_revision() {
    let ws = Workspace::new();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(ws.root())
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-qm",
        "base",
    ]);
    ws.edit(
        "specs/mifumo/openapi.yaml",
        "            maximum: 100\n",
        "            maximum: 200\n",
    );
    ws.regen(false, &[]);
    // The working tree's crate now matches the specs; HEAD's does not.
    let run = |against: Option<&str>| {
        let mut out = Vec::new();
        let opts = xtask::diff::Options {
            vendor: "mifumo".into(),
            against: against.map(str::to_owned),
            ..Default::default()
        };
        xtask::diff::run(ws.root(), &opts, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    assert!(
        run(None).starts_with("mifumo: 0 change(s)"),
        "{}",
        run(None)
    );
    let against_head = run(Some("HEAD"));
    assert!(
        against_head.starts_with(
            "mifumo: 1 change(s), 0 breaking, since crates/mifumo-client/openapi.json at HEAD"
        ),
        "{against_head}"
    );
    assert!(
        against_head.contains("maximum` relaxed from 100 to 200"),
        "{against_head}"
    );
}
