//! `site serve`'s incremental updates ([`site::incremental`]): after each save, the files
//! an update writes into the previous build make exactly the tree a full build of the saved
//! tree writes, byte for byte; the gate checks what a save touches (a page, or the pages
//! that cite a changed claim); anything else is a full build.

mod site_fixture;

use chrono::NaiveDate;
use site::incremental::{Incremental, Published, Update};
use site::serve::watch::Snapshot;
use site::{BuildError, BuildOptions};
use site_fixture::*;
use std::path::{Path, PathBuf};

/// A fixture site, its build, the engine that built it, and what it was built from.
struct Harness {
    site: Scratch,
    out: Scratch,
    opts: BuildOptions,
    engine: Incremental,
    published: Snapshot,
    name: String,
}

impl Harness {
    fn new(name: &str, overlays: &[&str]) -> Harness {
        Harness::new_with(name, overlays, |_| {})
    }

    /// A fixture site changed by `prepare` before it is built.
    fn new_with(name: &str, overlays: &[&str], prepare: impl FnOnce(&Path)) -> Harness {
        let site = fixture_site(&format!("inc-{name}"), overlays);
        prepare(site.path());
        let out = Scratch::new(&format!("inc-{name}-out"));
        let mut opts = BuildOptions::new(site.path());
        opts.today = NaiveDate::from_ymd_opt(2026, 11, 22);
        let published = Snapshot::take(site.path());
        let (engine, _) = Incremental::build(&opts, out.path())
            .unwrap_or_else(|e| panic!("the fixture builds: {e}"));
        Harness {
            site,
            out,
            opts,
            engine,
            published,
            name: name.to_string(),
        }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.site.path().join(relative)
    }

    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap()
    }

    /// Replaces `from` by `to` in a file of the site (which must contain it).
    fn replace(&self, relative: &str, from: &str, to: &str) {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} has no {from:?}");
        std::fs::write(self.path(relative), text.replacen(from, to, 1)).unwrap();
    }

    /// Brings the build up to date with what changed since it last published.
    fn update(&mut self) -> Update {
        let now = Snapshot::take(self.site.path());
        let update = self.engine.update(&now.changes(&self.published));
        match &update {
            Update::Published(published) => {
                published.apply(self.out.path()).unwrap();
                self.published = now;
            }
            Update::Unchanged => self.published = now,
            Update::Refused(_) | Update::Full(_) => {}
        }
        update
    }

    /// [`Harness::update`], which must publish.
    fn publish(&mut self) -> Published {
        match self.update() {
            Update::Published(published) => published,
            other => panic!("expected an incremental update, got {other:?}"),
        }
    }

    /// A full build of the site as it is now, into a fresh folder.
    fn full_build(&self) -> Scratch {
        let full = Scratch::new(&format!("inc-{}-full", self.name));
        site::build_into(&self.opts, full.path())
            .unwrap_or_else(|e| panic!("the full build fails: {e}"));
        full
    }

    fn assert_matches_full_build(&self) {
        let full = self.full_build();
        assert_same_tree(self.out.path(), full.path());
    }
}

/// The files an update writes, sorted.
fn written(published: &Published) -> Vec<String> {
    let mut files: Vec<String> = published
        .files
        .iter()
        .filter(|(_, text)| text.is_some())
        .map(|(path, _)| path.display().to_string())
        .collect();
    files.sort();
    files
}

fn removed(published: &Published) -> Vec<String> {
    published
        .files
        .iter()
        .filter(|(_, text)| text.is_none())
        .map(|(path, _)| path.display().to_string())
        .collect()
}

#[test]
fn a_full_build_that_keeps_its_state_writes_what_build_into_writes() {
    let h = Harness::new("same", &["sections_overlay"]);
    h.assert_matches_full_build();
}

#[test]
fn each_page_edit_writes_what_a_full_build_writes() {
    let mut h = Harness::new("edits", &["sections_overlay"]);

    // Text only: the page, and the home page that lists it; not the sources page.
    h.replace(
        "content/therapy.md",
        "You can ask your care team about it.",
        "You can ask your care team about it at your next visit.",
    );
    let p = h.publish();
    assert_eq!(p.rechecked, ["therapy.md"]);
    assert_eq!(written(&p), ["index.html", "therapy/index.html"]);
    h.assert_matches_full_build();

    // The title: the listing and every citation name it, so the sources page changes too.
    h.replace(
        "content/therapy.md",
        "title = \"Talking therapy\"",
        "title = \"Talking therapies\"",
    );
    let p = h.publish();
    assert!(
        written(&p).contains(&"sources/index.html".to_string()),
        "{:?}",
        written(&p)
    );
    h.assert_matches_full_build();

    // A new citation: the index changes, and what loads it is rendered again.
    h.replace(
        "content/treatments/dbt.md",
        "\nSee also",
        "\nResearch suggests that talking therapies such as DBT and MBT can help people with BPD.{{ claim(id=\"therapy-helps\") }}\n\nSee also",
    );
    let p = h.publish();
    assert_eq!(p.rechecked, ["treatments/dbt.md"]);
    assert!(written(&p).contains(&"sources/index.html".to_string()));
    h.assert_matches_full_build();

    // A new order: the paginated, transparent listing is rendered again, every pager.
    h.replace(
        "content/treatments/mbt/index.md",
        "weight = 2",
        "weight = 5",
    );
    let p = h.publish();
    assert!(written(&p).contains(&"treatments/page/2/index.html".to_string()));
    h.assert_matches_full_build();

    // A page that leaves its listing (sorted by weight, it has none now): one pager less.
    h.replace(
        "content/treatments/medicines/questions.md",
        "weight = 3\n",
        "",
    );
    let p = h.publish();
    assert_eq!(removed(&p), ["treatments/page/2/index.html"]);
    h.assert_matches_full_build();

    // A section's own text.
    h.replace(
        "content/treatments/_index.md",
        "Read the pages below to learn more.",
        "Read the pages below to learn more about treatments.",
    );
    h.publish();
    h.assert_matches_full_build();

    // A date the sitemap shows.
    h.replace(
        "content/therapy.md",
        "weight = 10\n",
        "weight = 10\nupdated = 2026-11-23\n",
    );
    let p = h.publish();
    assert!(written(&p).contains(&"sitemap.xml".to_string()));
    h.assert_matches_full_build();

    // A save that changes nothing.
    std::fs::write(h.path("content/therapy.md"), h.read("content/therapy.md")).unwrap();
    assert!(matches!(h.update(), Update::Unchanged));
    h.assert_matches_full_build();
}

#[test]
fn a_page_the_gate_refuses_changes_nothing_and_the_fix_publishes() {
    let mut h = Harness::new("refused", &[]);
    let good = h.read("content/therapy.md");
    h.replace(
        "content/therapy.md",
        "You can ask your care team about it.",
        "Talking therapy cures BPD in every single person.",
    );
    let Update::Refused(BuildError::Gate(report)) = h.update() else {
        panic!("the gate must refuse an overstated page");
    };
    // The same report a full build of the same tree prints.
    let full = Scratch::new("inc-refused-full");
    let Err(BuildError::Gate(expected)) = site::build_into(&h.opts, full.path()) else {
        panic!("the full build must be refused too");
    };
    assert_eq!(report, expected);
    assert!(report.contains("therapy.md"), "{report}");
    // Nothing was written: the build is still the last good one.
    assert!(
        !std::fs::read_to_string(h.out.path().join("therapy/index.html"))
            .unwrap()
            .contains("every single person")
    );

    // Another page saved meanwhile: still refused (the bad page is still there).
    h.replace("content/get-help-now.md", "+++\n\n", "+++\n\n\n");
    assert!(matches!(h.update(), Update::Refused(_)));

    // Fixed (here: as it was published, so only the other page is new to the gate).
    std::fs::write(h.path("content/therapy.md"), good).unwrap();
    let p = h.publish();
    assert_eq!(p.rechecked, ["get-help-now.md"]);
    h.assert_matches_full_build();
}

#[test]
fn a_claim_change_rechecks_the_pages_that_cite_it() {
    let mut h = Harness::new("claims", &["sections_overlay"]);

    // Who reviewed a claim: the citing pages are checked again, and the sources page (which
    // shows it) rendered again.
    h.replace(
        "claims.yaml",
        "    kind: definition\n    sources:\n      - { source: test-review, locator: \"Treatment\" }\n    reviewed: 2026-11-22\n    reviewed_by: \"pending clinical review\"",
        "    kind: definition\n    sources:\n      - { source: test-review, locator: \"Treatment\" }\n    reviewed: 2026-11-22\n    reviewed_by: \"Dr Test, psychiatrist\"",
    );
    let p = h.publish();
    assert_eq!(p.rechecked, ["therapy.md", "treatments/dbt.md"]);
    assert!(written(&p).contains(&"sources/index.html".to_string()));
    h.assert_matches_full_build();

    // Less certainty than the citing sentences claim: the gate refuses, naming the pages.
    h.replace(
        "claims.yaml",
        "    certainty: moderate\n    kind: effect",
        "    certainty: very-low\n    kind: effect",
    );
    let Update::Refused(BuildError::Gate(report)) = h.update() else {
        panic!("a citing page now says more than its claim");
    };
    assert!(report.contains("therapy.md"), "{report}");
    assert!(report.contains("mbt/index.md"), "{report}");
    let full = Scratch::new("inc-claims-full");
    let Err(BuildError::Gate(expected)) = site::build_into(&h.opts, full.path()) else {
        panic!("the full build must be refused too");
    };
    assert_eq!(report, expected);

    // Back as it was: nothing to publish.
    h.replace(
        "claims.yaml",
        "    certainty: very-low\n    kind: effect",
        "    certainty: moderate\n    kind: effect",
    );
    assert!(matches!(h.update(), Update::Unchanged));
    h.assert_matches_full_build();

    // A claim's words: the gate weighs every sentence against them, so everything again.
    h.replace(
        "claims.yaml",
        "getting through distress.\"",
        "getting through hard times.\"",
    );
    assert!(matches!(h.update(), Update::Full(why) if why.contains("words")));
}

#[test]
fn what_cannot_be_attributed_is_a_full_build() {
    type Edit<'a> = &'a dyn Fn(&Path);
    let cases: &[(&str, Edit)] = &[
        ("templates/page.html", &|root| {
            let path = root.join("templates/page.html");
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, format!("{text}{{# a comment #}}\n")).unwrap();
        }),
        ("config.toml", &|root| {
            let path = root.join("config.toml");
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(
                &path,
                text.replace("title = \"Test site\"", "title = \"Tests\""),
            )
            .unwrap();
        }),
        ("content/new.md was added", &|root| {
            std::fs::write(
                root.join("content/new.md"),
                "+++\ntitle = \"New\"\n+++\n\nHello.\n",
            )
            .unwrap();
        }),
        ("its URL", &|root| {
            let path = root.join("content/therapy.md");
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(
                &path,
                text.replace("weight = 10", "weight = 10\nslug = \"talking\""),
            )
            .unwrap();
        }),
    ];
    for (i, (reason, edit)) in cases.iter().enumerate() {
        let mut h = Harness::new(&format!("full-{i}"), &[]);
        edit(h.site.path());
        match h.update() {
            Update::Full(why) => assert!(why.contains(reason), "{reason}: {why}"),
            other => panic!("{reason}: expected a full build, got {other:?}"),
        }
        // The engine is of no further use; it says so again.
        assert!(matches!(h.update(), Update::Full(_)));
    }
}

#[test]
fn a_withheld_page_stays_withheld_and_leaving_that_state_is_a_full_build() {
    let mut h = Harness::new_with("withheld", &[], |root| {
        let config = root.join("config.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        let text = text.replace(
            "overdue_severity = \"warning\"",
            "overdue_severity = \"error\"",
        );
        std::fs::write(&config, text).unwrap();
        let page = root.join("content/therapy.md");
        let text = std::fs::read_to_string(&page).unwrap();
        let text = text.replace("next_review = 2027-11-22", "next_review = 2026-06-01");
        std::fs::write(&page, text).unwrap();
    });
    let notice = std::fs::read_to_string(h.out.path().join("therapy/index.html")).unwrap();
    assert!(notice.contains("This page is being reviewed"));

    // Still overdue: its notice (which shows the title) is all that changes.
    h.replace(
        "content/therapy.md",
        "title = \"Talking therapy\"",
        "title = \"Talking therapies\"",
    );
    let p = h.publish();
    assert!(written(&p).contains(&"therapy/index.html".to_string()));
    h.assert_matches_full_build();

    // Reviewed again: the page comes back everywhere, which a full build does.
    h.replace(
        "content/therapy.md",
        "next_review = 2026-06-01",
        "next_review = 2027-06-01",
    );
    assert!(matches!(h.update(), Update::Full(why) if why.contains("withheld")));
}

/// As with full builds (tests/serve.rs), a save between the gate and the render must not
/// publish unchecked text: the update renders the text it checked.
#[test]
fn a_save_between_gate_and_render_of_an_update_never_publishes_unchecked_text() {
    let mut h = Harness::new("read-once", &[]);
    h.replace(
        "content/therapy.md",
        "You can ask your care team about it.",
        "You can ask your care team about it at your next visit.",
    );
    let checked = h.read("content/therapy.md");
    let page = h.path("content/therapy.md");
    let now = Snapshot::take(h.site.path());
    let update = h.engine.update_observed(&now.changes(&h.published), || {
        std::fs::write(
            &page,
            format!("{checked}\nTalking therapy cures BPD in every single person.\n"),
        )
        .unwrap();
    });
    let Update::Published(published) = update else {
        panic!("the checked text publishes: {update:?}");
    };
    published.apply(h.out.path()).unwrap();
    h.published = now;
    let html = std::fs::read_to_string(h.out.path().join("therapy/index.html")).unwrap();
    assert!(
        html.contains("at your next visit"),
        "the checked text is published"
    );
    assert!(
        !html.contains("every single person"),
        "the unchecked save is not"
    );
    // The next update reads the saved text, and the gate refuses it.
    assert!(matches!(h.update(), Update::Refused(_)));
}
