//! One text to scan: its display path, what kind of file it is (by name and content), and
//! byte-offset to line/column conversion.

use std::borrow::Cow;

/// What a file is, as far as the structure-aware checks care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Yaml,
    /// docker-compose / compose YAML.
    Compose,
    /// Helm chart values (values*.yaml).
    HelmValues,
    Json,
    /// A committed dotenv file (`.env`, `.env.production`; not `.env.example`).
    Dotenv,
    /// A dotenv-looking template (`.env.example`, `.env.sample`): placeholders expected.
    DotenvTemplate,
    Dockerfile,
    /// Program source, where only quoted literals are values.
    Code,
    Other,
}

impl FileKind {
    /// Decides the kind from the file name alone.
    pub fn of_path(path: &str) -> FileKind {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let lower = name.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        if lower == "dockerfile" || lower.starts_with("dockerfile.") || ext == "dockerfile" {
            return FileKind::Dockerfile;
        }
        if lower == ".env" || lower.starts_with(".env.") || ext == "env" {
            return if ["example", "sample", "template", "dist", "tmpl", "defaults"]
                .iter()
                .any(|t| lower.contains(t))
            {
                FileKind::DotenvTemplate
            } else {
                FileKind::Dotenv
            };
        }
        match ext {
            "yaml" | "yml" if lower.contains("compose") => FileKind::Compose,
            "yaml" | "yml" if lower.starts_with("values") => FileKind::HelmValues,
            "yaml" | "yml" => FileKind::Yaml,
            "json" => FileKind::Json,
            "py" | "js" | "mjs" | "cjs" | "ts" | "tsx" | "jsx" | "go" | "rb" | "java" | "kt"
            | "kts" | "scala" | "rs" | "c" | "h" | "cc" | "cpp" | "hpp" | "cs" | "php"
            | "swift" | "m" | "dart" | "groovy" | "lua" | "pl" | "r" | "ex" | "exs" => {
                FileKind::Code
            }
            _ => FileKind::Other,
        }
    }

    pub fn is_yaml(self) -> bool {
        matches!(
            self,
            FileKind::Yaml | FileKind::Compose | FileKind::HelmValues
        )
    }
}

/// A text being scanned. Offsets in findings are byte offsets into `text`.
pub struct Source<'a> {
    /// The path as the user would type it (or `path` in a commit for history scans).
    pub path: &'a str,
    pub text: Cow<'a, str>,
    pub kind: FileKind,
    /// For texts assembled from the added lines of a diff: the real line number of each of
    /// its lines (else lines are counted in `text`).
    pub line_map: Option<Vec<usize>>,
    line_starts: Vec<usize>,
}

impl<'a> Source<'a> {
    pub fn new(path: &'a str, bytes: &'a [u8]) -> Source<'a> {
        let text = String::from_utf8_lossy(bytes);
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        Source {
            path,
            kind: FileKind::of_path(path),
            text,
            line_map: None,
            line_starts,
        }
    }

    /// 0-based index of the line holding byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// 1-based line number as reported (mapped through `line_map` for diffs).
    pub fn line_number(&self, offset: usize) -> usize {
        let i = self.line_index(offset);
        match &self.line_map {
            Some(map) => map.get(i).copied().unwrap_or(i + 1),
            None => i + 1,
        }
    }

    /// 1-based column (in characters) of byte `offset`.
    pub fn column(&self, offset: usize) -> usize {
        let start = self.line_starts[self.line_index(offset)];
        let end = floor_char_boundary(&self.text, offset);
        self.text[start..end.max(start)].chars().count() + 1
    }

    /// Byte range of the line holding `offset`, without its line break.
    pub fn line_range(&self, offset: usize) -> std::ops::Range<usize> {
        let i = self.line_index(offset);
        let start = self.line_starts[i];
        let end = self
            .line_starts
            .get(i + 1)
            .map_or(self.text.len(), |&e| e - 1);
        let end = if self.text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        start..end
    }

    /// The text of the line before the one holding `offset`, if any.
    pub fn previous_line(&self, offset: usize) -> Option<&str> {
        let i = self.line_index(offset);
        let start = *self.line_starts.get(i.checked_sub(1)?)?;
        Some(&self.text[start..self.line_starts[i].saturating_sub(1)])
    }
}

/// The largest char boundary at or before `i`.
pub fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_name() {
        assert_eq!(FileKind::of_path("a/Dockerfile"), FileKind::Dockerfile);
        assert_eq!(FileKind::of_path("x/.env"), FileKind::Dotenv);
        assert_eq!(FileKind::of_path(".env.example"), FileKind::DotenvTemplate);
        assert_eq!(FileKind::of_path("docker-compose.yml"), FileKind::Compose);
        assert_eq!(
            FileKind::of_path("chart/values-prod.yaml"),
            FileKind::HelmValues
        );
        assert_eq!(FileKind::of_path("k8s/app.yaml"), FileKind::Yaml);
        assert_eq!(FileKind::of_path("main.go"), FileKind::Code);
        assert_eq!(FileKind::of_path("README"), FileKind::Other);
    }

    #[test]
    fn lines_and_columns() {
        let s = Source::new("f", "ab\r\ncdé\nx".as_bytes());
        assert_eq!(s.line_number(0), 1);
        assert_eq!(s.line_number(4), 2);
        assert_eq!(s.column(8), 4);
        assert_eq!(s.column(9), 1);
        assert_eq!(&s.text[s.line_range(1)], "ab");
        assert_eq!(s.previous_line(5), Some("ab\r"));
        assert_eq!(s.previous_line(1), None);
    }
}
