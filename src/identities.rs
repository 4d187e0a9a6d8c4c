//! PLACEHOLDER: identity discovery.
