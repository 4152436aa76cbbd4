//! End-to-end tests of `regen` on a temporary copy of the workspace's specs
//! and generated crates.

mod common;

use std::fs;
use std::path::PathBuf;

use common::Workspace;
use xtask::regen::{Options, Outcome, run};

#[test]
fn check_passes_on_the_checked_in_crates() {
    let ws = Workspace::new();
    let (outcome, report, diffs) = ws.regen(true, &[]);
    assert_eq!(outcome, Outcome::UpToDate, "{report}\n{diffs}");
}

#[test]
fn check_generates_only_the_vendors_whose_inputs_or_files_changed() {
    let ws = Workspace::new();
    let (_, report, _) = ws.regen(true, &[]);
    assert_eq!(report.matches("not generated again").count(), 5, "{report}");

    ws.edit(
        "specs/autoposting/billing-history.yaml",
        "summary: Get billing history",
        "summary: Get the billing history",
    );
    let lib = ws.root().join("crates/cekura-client/src/lib.rs");
    fs::write(&lib, fs::read_to_string(&lib).unwrap() + "// hand edit\n").unwrap();
    let (outcome, report, diffs) = ws.regen(true, &[]);
    assert!(matches!(outcome, Outcome::Drifted(_)), "{report}");
    assert_eq!(report.matches("not generated again").count(), 3, "{report}");
    for changed in ["autoposting", "cekura"] {
        assert!(
            report.contains(&format!("{changed:<18} ok")),
            "{changed} was generated: {report}"
        );
    }
    assert!(diffs.contains("-// hand edit"), "{diffs}");
}

#[test]
fn regen_generates_only_the_vendors_that_changed_unless_forced() {
    let ws = Workspace::new();
    let (outcome, report, _) = ws.regen(false, &[]);
    assert_eq!(outcome, Outcome::UpToDate, "{report}");
    assert_eq!(report.matches("not generated again").count(), 5, "{report}");
    assert!(!report.contains(" ok "), "nothing was generated: {report}");

    ws.edit(
        "specs/autoposting/billing-history.yaml",
        "summary: Get billing history",
        "summary: Get the billing history",
    );
    let (outcome, report, _) = ws.regen(false, &[]);
    assert_eq!(
        outcome,
        Outcome::Written(vec![PathBuf::from("crates/autoposting-client")]),
        "{report}"
    );
    assert_eq!(report.matches("not generated again").count(), 4, "{report}");
    assert!(
        report.contains(&format!("{:<18} ok", "autoposting")),
        "{report}"
    );

    let opts = Options {
        force: true,
        ..Options::default()
    };
    let mut report = Vec::new();
    let outcome = run(ws.root(), &opts, &mut report, &mut Vec::new()).unwrap();
    let report = String::from_utf8(report).unwrap();
    assert_eq!(outcome, Outcome::UpToDate, "{report}");
    assert!(!report.contains("not generated again"), "{report}");
    assert_eq!(report.matches(" ok ").count(), 5, "all generated: {report}");
}

#[test]
fn check_catches_an_edited_spec_and_regen_fixes_it() {
    let ws = Workspace::new();
    ws.edit(
        "specs/autoposting/billing-history.yaml",
        "summary: Get billing history",
        "summary: Get the billing history",
    );

    let (outcome, report, diffs) = ws.regen(true, &[]);
    assert!(
        matches!(outcome, Outcome::Drifted(n) if n > 0),
        "{outcome:?}"
    );
    assert_eq!(outcome.exit_code(), 1);
    assert!(
        diffs.contains("+++ b/crates/autoposting-client/README.md"),
        "{diffs}"
    );
    assert!(diffs.contains("+| GET | `/billing/history` | `client.get_billing_history()` | `types::GetBillingHistoryResponse` | Get the billing history |"), "{diffs}");
    assert!(report.contains("Fix: cargo xtask regen"), "{report}");

    let (outcome, report, _) = ws.regen(false, &[]);
    assert_eq!(
        outcome,
        Outcome::Written(vec![PathBuf::from("crates/autoposting-client")]),
        "{report}"
    );
    let (outcome, _, diffs) = ws.regen(true, &[]);
    assert_eq!(outcome, Outcome::UpToDate, "{diffs}");
}

#[test]
fn check_catches_hand_edits_missing_files_and_stray_files() {
    let ws = Workspace::new();
    let lib = ws.root().join("crates/mifumo-client/src/lib.rs");
    fs::write(
        &lib,
        fs::read_to_string(&lib)
            .unwrap()
            .replacen("pub struct", "pub(crate) struct", 1),
    )
    .unwrap();
    fs::remove_file(ws.root().join("crates/cekura-client/README.md")).unwrap();
    fs::write(
        ws.root().join("crates/autoposting-client/src/extra.rs"),
        "// hand-written\n",
    )
    .unwrap();

    let (outcome, _, diffs) = ws.regen(true, &[]);
    assert_eq!(outcome, Outcome::Drifted(3), "{diffs}");
    assert!(
        diffs.contains("-    pub(crate) struct BillingHistoryPage")
            && diffs.contains("+    pub struct BillingHistoryPage"),
        "{diffs}"
    );
    assert!(
        diffs.contains("missing: crates/cekura-client/README.md"),
        "{diffs}"
    );
    assert!(
        diffs.contains("not generated (stray): crates/autoposting-client/src/extra.rs"),
        "{diffs}"
    );

    ws.regen(false, &[]);
    assert_eq!(ws.regen(true, &[]).0, Outcome::UpToDate);
    assert!(
        !ws.root()
            .join("crates/autoposting-client/src/extra.rs")
            .exists()
    );
}

#[test]
fn check_of_one_vendor_ignores_the_others() {
    let ws = Workspace::new();
    ws.edit(
        "specs/mifumo/openapi.yaml",
        "Get billing history including",
        "Billing history including",
    );
    assert_eq!(ws.regen(true, &["cekura"]).0, Outcome::UpToDate);
    assert!(matches!(ws.regen(true, &["mifumo"]).0, Outcome::Drifted(_)));
}

#[test]
fn a_dangling_ref_leaves_crates_untouched_and_names_file_and_pointer() {
    let ws = Workspace::new();
    ws.edit(
        "specs/autoposting/billing-history.yaml",
        "summary: Get billing history",
        "summary: Changed",
    );
    ws.edit(
        "specs/cekura/billing-info.yaml",
        "$ref: '#/components/schemas/SubscriptionStatusPack'",
        "$ref: '#/components/schemas/NoSuchPack'",
    );
    let before = ws.snapshot();

    let (outcome, report, _) = ws.regen(false, &[]);
    assert_eq!(outcome, Outcome::Failed);
    assert_eq!(outcome.exit_code(), 1);
    assert!(
        report.contains("vendor `cekura`: specs/cekura/billing-info.yaml#/components/schemas/SubscriptionStatus/properties/pack/allOf/0/$ref: $ref `#/components/schemas/NoSuchPack` points at nothing"),
        "{report}"
    );
    // The other vendors' results are still reported.
    assert!(report.contains("autoposting        ok"), "{report}");
    assert!(report.contains("crates/ was left untouched"), "{report}");
    assert_eq!(ws.snapshot(), before, "crates/ changed");
}

#[test]
fn bad_yaml_names_the_file_and_line_and_writes_nothing() {
    let ws = Workspace::new();
    ws.edit(
        "specs/mifumo/openapi.yaml",
        "openapi: 3.1.0",
        "openapi: [3.1.0",
    );
    let before = ws.snapshot();
    let (outcome, report, _) = ws.regen(false, &[]);
    assert_eq!(outcome, Outcome::Failed);
    assert!(
        report.contains("vendor `mifumo`: specs/mifumo/openapi.yaml#: not valid YAML/JSON at line"),
        "{report}"
    );
    assert_eq!(ws.snapshot(), before);
}

#[test]
fn a_conflict_between_two_cekura_pages_names_both_files() {
    let ws = Workspace::new();
    ws.edit(
        "specs/cekura/billing-info.yaml",
        "name: X-CEKURA-API-KEY",
        "name: X-CEKURA-KEY",
    );
    let (outcome, report, _) = ws.regen(true, &["cekura"]);
    assert_eq!(outcome, Outcome::Failed);
    assert!(
        report.contains("specs/cekura/billing-info.yaml#/components/securitySchemes/api_key: defined differently in specs/cekura/payment-history.yaml and specs/cekura/billing-info.yaml"),
        "{report}"
    );
}

#[test]
fn a_stale_overlay_is_an_error_naming_the_action() {
    let ws = Workspace::new();
    ws.edit(
        "specs/cekura/overlay.yaml",
        "$.components.schemas.BillingInfo.properties.balance_expiry",
        "$.components.schemas.BillingInfo.properties.gone",
    );
    let (outcome, report, _) = ws.regen(true, &["cekura"]);
    assert_eq!(outcome, Outcome::Failed);
    assert!(
        report.contains("specs/cekura/overlay.yaml#/actions/0/target: target"),
        "{report}"
    );
}

#[test]
fn what_an_overlay_removed_is_blamed_on_the_overlay() {
    let ws = Workspace::new();
    let overlay = ws.root().join("specs/cekura/overlay.yaml");
    let text = fs::read_to_string(&overlay).unwrap();
    fs::write(
        &overlay,
        text + "  - target: $.paths\n    description: every operation gone\n    remove: true\n",
    )
    .unwrap();
    let (outcome, report, _) = ws.regen(true, &["cekura"]);
    assert_eq!(outcome, Outcome::Failed);
    assert!(
        report.contains("specs/cekura/overlay.yaml#/paths: not valid OpenAPI 3.0 after conversion: missing field `paths`"),
        "{report}"
    );
}

#[test]
fn a_schema_progenitor_refuses_is_named_not_the_document_root() {
    let ws = Workspace::new();
    ws.edit(
        "specs/cekura/billing-info.yaml",
        "        organization:\n          type: integer\n",
        "        organization:\n          type: integer\n          enum: [1, \"two\"]\n",
    );
    let (outcome, report, _) = ws.regen(true, &["cekura"]);
    assert_eq!(outcome, Outcome::Failed);
    assert!(
        report.contains("specs/cekura/billing-info.yaml#/components/schemas/BillingInfo/properties/organization: progenitor refused the document"),
        "{report}"
    );
}

#[test]
fn a_path_parameter_missing_from_the_template_names_the_parameter() {
    let ws = Workspace::new();
    ws.edit(
        "specs/mifumo/openapi.yaml",
        "      parameters:\n        - in: query\n          name: page\n",
        "      parameters:\n        - in: path\n          name: ghost\n          required: true\n          schema:\n            type: string\n        - in: query\n          name: page\n",
    );
    let before = ws.snapshot();
    let (outcome, report, _) = ws.regen(false, &[]);
    assert_eq!(outcome, Outcome::Failed);
    assert!(
        report.contains("vendor `mifumo`: specs/mifumo/openapi.yaml#/paths/~1api~1billing~1history~1/get/parameters/0: path parameter `ghost` does not appear in the path"),
        "{report}"
    );
    assert_eq!(ws.snapshot(), before);
}

#[test]
fn an_unknown_vendor_is_refused() {
    let ws = Workspace::new();
    let opts = Options {
        vendors: vec!["nope".into()],
        ..Options::default()
    };
    let err = run(ws.root(), &opts, &mut Vec::new(), &mut Vec::new()).unwrap_err();
    assert!(err.to_string().contains("unknown vendor `nope`"));
}

#[test]
fn vendors_generated_in_parallel_write_what_one_at_a_time_writes() {
    let (one, many) = (Workspace::new(), Workspace::new());
    for ws in [&one, &many] {
        // Drift in every crate, so every vendor is generated and written.
        for entry in std::fs::read_dir(ws.root().join("crates")).unwrap() {
            let readme = entry.unwrap().path().join("README.md");
            if readme.is_file() {
                std::fs::write(&readme, "stale").unwrap();
            }
        }
    }
    let regen = |ws: &Workspace, jobs: usize| {
        let opts = Options {
            jobs: Some(jobs),
            ..Options::default()
        };
        let mut report = Vec::new();
        let outcome = run(ws.root(), &opts, &mut report, &mut Vec::new()).unwrap();
        (outcome, String::from_utf8(report).unwrap())
    };
    let (sequential, report_one) = regen(&one, 1);
    let (parallel, report_many) = regen(&many, 4);
    assert_eq!(sequential, parallel);
    assert_eq!(
        report_one, report_many,
        "vendors are reported in the same order"
    );
    assert!(
        report_one.matches("wrote crates/").count() >= 5,
        "{report_one}"
    );
    let relative = |ws: &Workspace| -> Vec<(PathBuf, Vec<u8>)> {
        ws.snapshot()
            .into_iter()
            .map(|(path, bytes)| (path.strip_prefix(ws.root()).unwrap().to_owned(), bytes))
            .collect()
    };
    assert_eq!(relative(&one), relative(&many));
}

#[test]
fn generation_is_deterministic() {
    let ws = Workspace::new();
    let vendors = xtask::discover_vendors(ws.root()).unwrap().vendors;
    for v in &vendors {
        let a = xtask::build(ws.root(), v).unwrap();
        let b = xtask::build(ws.root(), v).unwrap();
        assert_eq!(a.files, b.files, "{}", v.id);
    }
}

#[test]
fn a_removed_vendor_s_crate_is_reported_and_removed() {
    let ws = Workspace::new();
    fs::remove_dir_all(ws.root().join("specs/mifumo")).unwrap();
    let (outcome, _, diffs) = ws.regen(true, &[]);
    assert_eq!(outcome, Outcome::Drifted(1));
    assert!(
        diffs.contains("generated crate no vendor produces: crates/mifumo-client"),
        "{diffs}"
    );
    ws.regen(false, &[]);
    assert!(!ws.root().join("crates/mifumo-client").exists());
}

#[test]
fn decimal_amounts_never_become_f64_even_when_nullable_or_annotated() {
    let ws = Workspace::new();
    ws.edit(
        "specs/profile-payments/openapi.yaml",
        "        amount_refunded_usd:\n          type: number\n",
        "        amount_refunded_usd:\n          type: [number, 'null']\n          minimum: 0\n          x-note: annotated\n",
    );
    for vendor in ["mifumo", "profile-payments"] {
        let v = xtask::discover_vendors(ws.root())
            .unwrap()
            .vendors
            .into_iter()
            .find(|v| v.id == vendor)
            .unwrap();
        let built = xtask::build(ws.root(), &v).unwrap();
        let lib = &built.files.files["src/lib.rs"];
        assert!(!lib.contains("f64"), "{vendor}: an amount became f64");
        assert!(lib.contains("crate::JsonDecimal"), "{vendor}");
    }
}
