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

/// The service's code and message with `hint(code)` appended, a time limit that ran out,
/// or the transport failure (missing credentials told apart from an unreachable `service`).
pub fn describe_sdk_error<E, R>(
    error: &SdkError<E, R>,
    service: &str,
    hint: fn(&str) -> &'static str,
) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match error {
        SdkError::ServiceError(e) => {
            let code = e.err().code().unwrap_or("error");
            let message = e.err().message().unwrap_or("no message");
            format!("{code}: {message}{}", hint(code))
        }
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
    use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
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
