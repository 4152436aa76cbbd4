//! Redirects: followed on the same origin, never to another host, never
//! from https down to http, never in a loop; the key stays home.

use crate::common::*;

fn thing() -> Answer {
    Answer::json(200, &serde_json::json!({}))
}

#[tokio::test]
async fn a_redirect_to_another_host_is_refused_and_the_other_host_sees_nothing() {
    let elsewhere = hostile::serve("127.0.0.2", |_, _| thing()).await;
    let to = format!("{}/things", elsewhere.url);
    let server = hostile::serve("127.0.0.1", move |_, _| Answer::redirect(302, &to)).await;
    let e = client(&server, config())
        .get_thing()
        .send()
        .await
        .unwrap_err();
    let found = runtime_error(&e);
    assert!(
        matches!(
            found,
            RuntimeError::Redirect(client_runtime::RedirectRefused::OtherOrigin)
        ),
        "{found:?}"
    );
    assert_eq!(
        elsewhere.requests(),
        0,
        "nothing, and so no key, reached the other host"
    );
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_301_to_another_host_name_on_plain_http_is_refused() {
    // `localhost` and 127.0.0.1 are one machine but two origins.
    let elsewhere = hostile::serve("127.0.0.1", |_, _| thing()).await;
    let port = elsewhere.url.rsplit(':').next().unwrap().to_owned();
    let to = format!("http://localhost:{port}/things");
    let server = hostile::serve("127.0.0.1", move |_, _| Answer::redirect(301, &to)).await;
    let e = client(&server, config())
        .get_thing()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(runtime_error(&e), RuntimeError::Redirect(_)));
    assert_eq!(elsewhere.requests(), 0);
}

#[tokio::test]
async fn a_same_origin_redirect_is_followed_with_the_credential() {
    let server = hostile::serve("127.0.0.1", |seen, _| match seen.target.as_str() {
        "/things" => Answer::redirect(307, "/moved/things"),
        _ => thing(),
    })
    .await;
    client(&server, config()).get_thing().send().await.unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].target, "/moved/things");
    assert_eq!(
        seen[1].header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
}

#[tokio::test]
async fn redirect_loops_and_long_chains_end_in_typed_errors() {
    let server = hostile::serve("127.0.0.1", |seen, _| match seen.target.as_str() {
        "/things" => Answer::redirect(302, "/a"),
        _ => Answer::redirect(302, "/things"),
    })
    .await;
    let e = client(&server, config())
        .get_thing()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        runtime_error(&e),
        RuntimeError::Redirect(client_runtime::RedirectRefused::Loop)
    ));
    assert!(server.requests() <= 3);

    let chain = hostile::serve("127.0.0.1", |_, n| {
        Answer::redirect(302, &format!("/hop/{n}"))
    })
    .await;
    let e = client(&chain, config().max_redirects(3))
        .get_thing()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        runtime_error(&e),
        RuntimeError::Redirect(client_runtime::RedirectRefused::TooMany(3))
    ));
    assert_eq!(chain.requests(), 4, "the request and three hops");
}
