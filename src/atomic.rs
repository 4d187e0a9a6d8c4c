//! PLACEHOLDER: atomic writes.
