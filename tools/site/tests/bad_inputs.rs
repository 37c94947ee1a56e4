//! The catalogue in docs/bad-inputs.md, one test per entry: each bad input gets its located
//! error, nothing panics or hangs, and public/ is left exactly as it was.

mod site_fixture;

use site_fixture::*;
use std::path::Path;
use std::time::{Duration, Instant};

const FRONT: &str = "+++\ntitle = \"Bad\"\n[extra]\nreviewed = 2026-11-22\nnext_review = 2027-11-22\nreviewed_by = \"pending clinical review\"\n+++\n\n";

struct Case {
    id: &'static str,
    /// Lays the bad input over a copy of the fixture site.
    setup: fn(&Path),
    /// Exit code of `site build`: 1 when the gate refuses, 2 for input errors.
    exit: i32,
    /// Text the error must contain, including where it is.
    expect: &'static [&'static str],
}

fn write(root: &Path, relative: &str, bytes: &[u8]) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            id: "invalid-utf8",
            setup: |r| {
                write(
                    r,
                    "content/bad.md",
                    b"+++\ntitle = \"x\"\n+++\n\nHello \xff there.\n",
                )
            },
            exit: 2,
            expect: &["content/bad.md:5", "not UTF-8"],
        },
        Case {
            id: "empty-file",
            setup: |r| write(r, "content/empty.md", b""),
            exit: 1,
            expect: &["content/empty.md:1", "review-metadata"],
        },
        Case {
            id: "huge-page",
            setup: |r| {
                let line = "You can ask your care team about it.\n\n".repeat(1_400_000);
                write(r, "content/huge.md", format!("{FRONT}{line}").as_bytes());
            },
            exit: 2,
            expect: &["content/huge.md:1", "the limit is 5 MB a page"],
        },
        Case {
            id: "deep-nesting",
            setup: |r| {
                let body = format!("{FRONT}{}You can ask.\n", "- ".repeat(10_000));
                write(r, "content/deep.md", body.as_bytes());
            },
            exit: 2,
            expect: &["content/deep.md:9", "nested more than 64 levels"],
        },
        Case {
            id: "unterminated-marker",
            setup: |r| {
                let body = format!("{FRONT}You can ask.{{{{ claim(id=\"therapy-helps\"\n\nMore.\n");
                write(r, "content/open.md", body.as_bytes());
            },
            exit: 1,
            expect: &["content/open.md:9", "shortcode-syntax"],
        },
        Case {
            id: "empty-marker-id",
            setup: |r| {
                let body = format!(
                    "{FRONT}Talking therapies can help people with BPD.{{{{ claim(id=\"\") }}}}\n"
                );
                write(r, "content/empty-id.md", body.as_bytes());
            },
            exit: 1,
            expect: &["content/empty-id.md:9", "claim marker has no id"],
        },
        Case {
            id: "unclosed-front-matter",
            setup: |r| write(r, "content/open-fm.md", b"+++\ntitle = \"x\"\n\nNo end.\n"),
            exit: 1,
            expect: &["content/open-fm.md:1", "never closed"],
        },
        Case {
            id: "symlink-loop",
            setup: |r| {
                std::fs::create_dir_all(r.join("content/loop")).unwrap();
                #[cfg(unix)]
                std::os::unix::fs::symlink("..", r.join("content/loop/up")).unwrap();
            },
            exit: 2,
            expect: &["content/loop/up", "symbolic link back to"],
        },
        Case {
            id: "load-data-outside-root",
            setup: |r| {
                let page = r.join("templates/page.html");
                let text = std::fs::read_to_string(&page).unwrap().replacen(
                    "{% block content %}",
                    "{% block content %}{% set x = load_data(path=\"../../etc/passwd\") %}",
                    1,
                );
                std::fs::write(page, text).unwrap();
            },
            exit: 2,
            expect: &["templates/page.html:", "outside the site folder"],
        },
        Case {
            id: "raw-html-script",
            setup: |r| {
                let body = format!("{FRONT}You can ask.\n\n<script>alert(1)</script>\n");
                write(r, "content/script.md", body.as_bytes());
            },
            exit: 1,
            expect: &["content/script.md:11", "`<script>` is not allowed"],
        },
        Case {
            id: "raw-html-iframe-style-handler",
            setup: |r| {
                let body = format!("{FRONT}You can ask.\n\n<iframe src=\"https://x.example\"></iframe>\n\n<style>p {{}}</style>\n\n<span onclick=\"x()\">You can ask.</span>\n");
                write(r, "content/frames.md", body.as_bytes());
            },
            exit: 1,
            expect: &[
                "`<iframe>` is not allowed",
                "`<style>` is not allowed",
                "onclick",
            ],
        },
        Case {
            id: "template-error",
            setup: |r| {
                let page = r.join("templates/page.html");
                let text = std::fs::read_to_string(&page).unwrap().replacen(
                    "{% block content %}",
                    "{% block content %}{{ page.title | nosuchfilter }}",
                    1,
                );
                std::fs::write(page, text).unwrap();
            },
            exit: 2,
            expect: &["templates/page.html:", "nosuchfilter"],
        },
        Case {
            id: "credits-not-a-list",
            setup: |r| {
                append(
                    r,
                    "config.toml",
                    "\n[extra.credits]\nwriters = \"Sam Lee\"\n",
                )
            },
            exit: 2,
            expect: &[
                "config.toml:33:",
                "`[extra.credits]`",
                "expected lists of names in quotes",
            ],
        },
        Case {
            id: "feedback-form-elsewhere",
            setup: |r| {
                append(
                    r,
                    "config.toml",
                    "\n[extra.feedback]\nform = \"https://forms.example.com/bpd\"\n",
                )
            },
            exit: 2,
            expect: &[
                "config.toml:33:",
                "not on this site (https://test.example.org)",
                "expected a form on the clinic's own site",
            ],
        },
        Case {
            id: "support-service-incomplete",
            setup: |r| {
                append(
                    r,
                    "config.toml",
                    "\n[[extra.support.services]]\nname = \"Family group\"\noffers = \"Evenings.\"\nfor_whom = \"Families\"\n",
                )
            },
            exit: 2,
            expect: &[
                "config.toml:32:",
                "service 1 (Family group): no way to reach it",
                "at least one way to reach it",
            ],
        },
        Case {
            id: "page-credits-not-a-list",
            setup: |r| {
                let fm = FRONT.replace("+++\n\n", "[extra.credits]\neditors = \"Ana\"\n+++\n\n");
                write(
                    r,
                    "content/credits.md",
                    format!("{fm}You can ask.\n").as_bytes(),
                );
            },
            exit: 2,
            expect: &[
                "content/credits.md:8:",
                "front matter `[extra.credits]`",
                "expected lists of names",
            ],
        },
    ]
}

fn append(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    let mut all = std::fs::read_to_string(&path).unwrap();
    all.push_str(text);
    std::fs::write(path, all).unwrap();
}

#[test]
fn every_bad_input_gets_its_located_error_and_public_stays_as_it_was() {
    let mut failures = Vec::new();
    for case in cases() {
        let site = fixture_site(&format!("bad-{}", case.id), &[]);
        let root = site.path();
        let first = site_build(root, &[]);
        assert!(first.status.success(), "{}: the fixture builds", case.id);
        let before = snapshot(&root.join("public"));
        (case.setup)(root);
        let started = Instant::now();
        let out = site_build(root, &[]);
        let took = started.elapsed();
        let err = stderr(&out);
        let code = out.status.code();
        if code != Some(case.exit) {
            failures.push(format!(
                "{}: exit {code:?}, expected {}\n{err}",
                case.id, case.exit
            ));
        }
        for text in case.expect {
            if !err.contains(text) {
                failures.push(format!("{}: no `{text}` in:\n{err}", case.id));
            }
        }
        if err.contains("panicked") {
            failures.push(format!("{}: panicked\n{err}", case.id));
        }
        if took > Duration::from_secs(60) {
            failures.push(format!("{}: took {took:?}", case.id));
        }
        if snapshot(&root.join("public")) != before {
            failures.push(format!("{}: public/ changed", case.id));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The catalogue and the tests list the same cases.
#[test]
fn the_catalogue_lists_every_case() {
    let doc = std::fs::read_to_string(repo_root().join("docs/bad-inputs.md")).unwrap();
    let listed: Vec<&str> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .collect();
    let tested: Vec<&str> = cases().iter().map(|c| c.id).collect();
    assert_eq!(
        listed, tested,
        "docs/bad-inputs.md and tests/bad_inputs.rs differ"
    );
}
