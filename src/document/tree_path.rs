//! PLACEHOLDER: sops tree paths (`["a"]["b"][0]`).
