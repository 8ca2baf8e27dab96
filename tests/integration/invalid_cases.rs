//! Every folder of tests/fixtures/invalid/ is one bad input, laid over the
//! valid `base` site:
//!
//! - `files/`: files copied over the base site (replacing any of the same path);
//! - `remove.txt` (optional): base files to delete, one path a line;
//! - `args.txt` (optional): the command line after `dermis`, one argument a
//!   line (default: `build`);
//! - `env.txt` (optional): environment variables for the run, one
//!   `NAME=value` a line (e.g. `DERMIS_TODAY=2030-01-01`);
//! - `expected.code`: the exit code; `expected.stderr`: the exact messages.
//!
//! Run with `DERMIS_BLESS=1` to rewrite the expected files after a reviewed change.

use crate::site_test::{SiteTest, copy_tree, fixture, tree};

#[test]
fn every_invalid_case_fails_with_its_exact_messages() {
    let dir = fixture("invalid");
    let mut cases: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    assert!(cases.len() >= 25, "expected at least 25 invalid cases, found {}", cases.len());
    let bless = std::env::var_os("DERMIS_BLESS").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let site = SiteTest::from_fixture("base");
        if case.join("files").is_dir() {
            copy_tree(&case.join("files"), &site.root);
        }
        if let Ok(list) = std::fs::read_to_string(case.join("remove.txt")) {
            for rel in list.lines().filter(|l| !l.trim().is_empty()) {
                std::fs::remove_file(site.root.join(rel.trim())).unwrap();
            }
        }
        let args: Vec<String> = std::fs::read_to_string(case.join("args.txt"))
            .map(|a| a.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect())
            .unwrap_or_else(|_| vec!["build".to_string()]);
        let env: Vec<(String, String)> = std::fs::read_to_string(case.join("env.txt"))
            .map(|text| {
                text.lines()
                    .filter_map(|l| l.split_once('='))
                    .map(|(k, v)| (k.trim().to_string(), v.to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let had_public = site.root.join("public").exists();
        let before = tree(&site.root);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = site.run_with_env(&args, &env);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let code = out.status.code().unwrap_or(-1).to_string();
        if bless {
            std::fs::write(case.join("expected.stderr"), &stderr).unwrap();
            std::fs::write(case.join("expected.code"), format!("{code}\n")).unwrap();
            continue;
        }
        let expected_stderr = std::fs::read_to_string(case.join("expected.stderr")).unwrap_or_default();
        let expected_code = std::fs::read_to_string(case.join("expected.code")).unwrap_or_default();
        if stderr != expected_stderr || code != expected_code.trim() {
            failures.push(format!(
                "== {name}: exit {code} (expected {})\n-- got:\n{stderr}-- expected:\n{expected_stderr}",
                expected_code.trim()
            ));
        }
        // A failed build writes nothing: no public/, no staging folder, no changed source.
        if !had_public {
            assert!(!site.root.join("public").exists(), "{name}: a failed build created public/");
        }
        assert_eq!(tree(&site.root), before, "{name}: the failed run changed files of the site");
        assert!(!stderr.contains("panicked"), "{name}: panic\n{stderr}");
    }
    assert!(failures.is_empty(), "{} case(s) differ:\n{}", failures.len(), failures.join("\n"));
}
