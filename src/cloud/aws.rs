//! AWS SDK setup: the default credential chain as the AWS CLI reads it (environment,
//! shared config and credentials files, SSO and `credential_process` profiles, web
//! identity, ECS/EC2 metadata), `AWS_ENDPOINT_URL` (or `AWS_ENDPOINT_URL_<SERVICE>`)
//! redirecting the calls, time limits on every call, and SDK errors described with the
//! service's code and a hint.
//!
//! The time limits are fixed ([`CONNECT_TIMEOUT`], [`OPERATION_TIMEOUT`]): neither sops nor
//! the AWS SDKs read a variable for them, and without them an endpoint that accepts the
//! connection but never answers would hang hush for good.

use std::time::Duration;

use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, SdkConfig};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::recipients::service::error_chain;

/// How long a call waits for the endpoint to accept a connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one operation may take in all, retries included.
pub const OPERATION_TIMEOUT: Duration = Duration::from_secs(30);

/// The shared SDK configuration: `region` when given (else the chain's), `profile` when
/// given (else `AWS_PROFILE` or the default profile), and the time limits.
pub async fn sdk_config(region: Option<String>, profile: Option<&str>) -> SdkConfig {
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .operation_timeout(OPERATION_TIMEOUT)
        .build();
    let mut loader = aws_config::defaults(BehaviorVersion::latest()).timeout_config(timeouts);
    if let Some(region) = region {
        loader = loader.region(aws_config::Region::new(region));
    }
    if let Some(profile) = profile {
        loader = loader.profile_name(profile);
    }
    loader.load().await
}

/// The service's code and message with `hint(code)` appended; the HTTP status when the
/// answer carries no AWS error code (something other than `service` answered); a time limit
/// that ran out; or the transport failure (missing credentials told apart from an
/// unreachable `service`).
pub fn describe_sdk_error<E>(
    error: &SdkError<E, HttpResponse>,
    service: &str,
    hint: fn(&str) -> &'static str,
) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match error {
        SdkError::ServiceError(e) => match e.err().code() {
            Some(code) => {
                let message = e.err().message().unwrap_or("no message");
                format!("{code}: {message}{}", hint(code))
            }
            None => without_code(e.raw(), service, hint),
        },
        SdkError::TimeoutError(_) => format!(
            "timed out after {} s waiting for {service} to answer (is the endpoint right? AWS_ENDPOINT_URL redirects the calls)",
            OPERATION_TIMEOUT.as_secs()
        ),
        SdkError::DispatchFailure(failure) => {
            let chain = error_chain(error);
            if chain.contains("credential") {
                format!(
                    "no usable AWS credentials ({chain}); set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run `aws sso login`"
                )
            } else if failure.is_timeout() {
                format!(
                    "timed out after {} s connecting to {service} ({chain})",
                    CONNECT_TIMEOUT.as_secs()
                )
            } else {
                format!("cannot reach {service}: {chain}")
            }
        }
        _ => error_chain(error),
    }
}

/// An error answer the SDK found no AWS error code in. A `<Code>`/`<Message>` XML error
/// body (moto answers JSON services that way) is read for them; otherwise the HTTP status
/// and content type are shown, and the body left out: an endpoint that is not AWS might echo
/// the request, which holds the data key or secret value.
fn without_code(raw: &HttpResponse, service: &str, hint: fn(&str) -> &'static str) -> String {
    let status = raw.status().as_u16();
    let body = raw.body().bytes().unwrap_or_default();
    if let Some((code, message)) = xml_error(body) {
        return format!("{code}: {message} (HTTP {status}){}", hint(&code));
    }
    let denied = match status {
        401 | 403 => ", access denied",
        _ => "",
    };
    let content_type = raw
        .headers()
        .get("content-type")
        .map(|t| format!(", {t}"))
        .unwrap_or_default();
    format!(
        "HTTP {status}{denied} without an AWS error code ({} bytes{content_type}); is the endpoint really {service}? (AWS_ENDPOINT_URL redirects the calls)",
        body.len()
    )
}

/// The code and message of an AWS XML error body (`<Error><Code>…</Code><Message>…`), when
/// the code is a plain identifier; the message is cut to one line of at most 300 characters.
fn xml_error(body: &[u8]) -> Option<(String, String)> {
    let text = std::str::from_utf8(body).ok()?;
    let element = |name: &str| {
        let start = text.find(&format!("<{name}>"))? + name.len() + 2;
        let len = text[start..].find(&format!("</{name}>"))?;
        Some(unescape(&text[start..start + len]))
    };
    let code = element("Code").filter(|c| {
        !c.is_empty()
            && c.len() <= 64
            && c.chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ".:_-".contains(ch))
    })?;
    let message: String = element("Message")
        .unwrap_or_else(|| "no message".into())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(300)
        .collect();
    Some((code, message))
}

/// The five predefined XML entities.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The service error's code (`ResourceNotFoundException`…), if the service answered.
pub fn error_code<E, R>(error: &SdkError<E, R>) -> Option<&str>
where
    E: ProvideErrorMetadata,
{
    match error {
        SdkError::ServiceError(e) => e.err().code(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_runtime_api::client::result::ConnectorError;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;
    use aws_smithy_types::error::ErrorMetadata;

    /// An operation error carrying only the metadata the service sent.
    #[derive(Debug)]
    struct Failed(ErrorMetadata);
    impl std::fmt::Display for Failed {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "service error")
        }
    }
    impl std::error::Error for Failed {}
    impl ProvideErrorMetadata for Failed {
        fn meta(&self) -> &ErrorMetadata {
            &self.0
        }
    }

    fn answer(status: u16, body: &'static str) -> HttpResponse {
        let mut raw = HttpResponse::new(
            StatusCode::try_from(status).expect("status"),
            SdkBody::from(body),
        );
        raw.headers_mut().insert("content-type", "text/html");
        raw
    }

    fn no_hint(_: &str) -> &'static str {
        ""
    }

    #[test]
    fn service_errors_show_code_and_message() {
        let meta = ErrorMetadata::builder()
            .code("AccessDeniedException")
            .message("not allowed")
            .build();
        let e = SdkError::service_error(Failed(meta), answer(400, "{}"));
        assert_eq!(
            describe_sdk_error(&e, "AWS KMS", |_| " (hint)"),
            "AccessDeniedException: not allowed (hint)"
        );
    }

    #[test]
    fn answers_without_a_code_show_the_status_not_the_body() {
        let body = "<html>502 Bad Gateway, request was {\"Plaintext\":\"c2VjcmV0\"}</html>";
        let e =
            SdkError::service_error(Failed(ErrorMetadata::builder().build()), answer(502, body));
        let text = describe_sdk_error(&e, "AWS KMS", no_hint);
        assert!(
            text.starts_with(&format!(
                "HTTP 502 without an AWS error code ({} bytes, text/html)",
                body.len()
            )),
            "{text}"
        );
        assert!(text.contains("is the endpoint really AWS KMS?"), "{text}");
        assert!(
            !text.contains("c2VjcmV0") && !text.contains("no message"),
            "{text}"
        );
        let e = SdkError::service_error(Failed(ErrorMetadata::builder().build()), answer(403, ""));
        let text = describe_sdk_error(&e, "AWS KMS", no_hint);
        assert!(
            text.starts_with("HTTP 403, access denied without"),
            "{text}"
        );
    }

    #[test]
    fn xml_error_bodies_give_their_code_and_message() {
        let body = "<?xml version=\"1.0\"?>\n<ErrorResponse><Errors><Error><Code>AccessDenied</Code><Message>User: arn:aws:iam::1:user/u is not\n authorized to perform: kms:Decrypt &amp; more</Message></Error></Errors></ErrorResponse>";
        let e =
            SdkError::service_error(Failed(ErrorMetadata::builder().build()), answer(403, body));
        assert_eq!(
            describe_sdk_error(&e, "AWS KMS", |c| if c == "AccessDenied" {
                " (hint)"
            } else {
                ""
            }),
            "AccessDenied: User: arn:aws:iam::1:user/u is not authorized to perform: kms:Decrypt & more (HTTP 403) (hint)"
        );
        // A "code" that is no identifier is not taken for one.
        assert_eq!(xml_error(b"<Code>not a code</Code>"), None);
        assert_eq!(
            xml_error(b"<Code>Throttling</Code>"),
            Some(("Throttling".into(), "no message".into()))
        );
    }

    #[test]
    fn time_limits_say_they_ran_out() {
        let e: SdkError<Failed, HttpResponse> = SdkError::timeout_error("operation timeout");
        assert!(
            describe_sdk_error(&e, "AWS KMS", no_hint)
                .starts_with("timed out after 30 s waiting for AWS KMS to answer"),
        );
        let e: SdkError<Failed, HttpResponse> =
            SdkError::dispatch_failure(ConnectorError::timeout("connect timed out".into()));
        assert!(
            describe_sdk_error(&e, "AWS KMS", no_hint)
                .starts_with("timed out after 10 s connecting to AWS KMS"),
        );
    }
}
