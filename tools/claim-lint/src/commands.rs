//! The `review`, `sign` and `impact` commands: the clinician's side of the trust chain.

use claim_lint::check::{collect_pages, read_pages};
use claim_lint::claims::{Claim, ClaimsFile, Date};
use claim_lint::report::display_path;
use claim_lint::signoff::{self, Status};
use claim_lint::{check, review, CheckOptions, Severity};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn print_errors<E: std::fmt::Display>(errors: &[E]) -> ExitCode {
    for e in errors {
        eprintln!("error: {e}");
    }
    ExitCode::from(2)
}

/// `claim-lint review`: writes DIR/index.html.
pub fn review(opts: &CheckOptions, content: &Path, out: &Path) -> ExitCode {
    let (name, base_url) = review::site_identity(&opts.config);
    let built = match review::build(opts, content, &base_url, &name) {
        Ok(r) => r,
        Err(errors) => return print_errors(&errors),
    };
    let html = match review::render(&built) {
        Ok(h) => h,
        Err(e) => return print_errors(&[e]),
    };
    match review::write(out, &html) {
        Ok(path) => {
            crate::outln!(
                "wrote {}: {} claims; {} with errors; {} need a first review, {} changed since sign-off, {} overdue, {} signed",
                path.display(),
                built.counts.total,
                built.with_errors.len(),
                built.counts.needs_first_review,
                built.counts.changed,
                built.counts.overdue,
                built.counts.signed
            );
            ExitCode::SUCCESS
        }
        Err(e) => print_errors(&[format!("cannot write {}: {e}", out.display())]),
    }
}

fn page_status(text: &str) -> Status {
    let sign_off = signoff::page_sign_off_in(text);
    signoff::page_status(text, sign_off.as_ref())
}

/// The claim ids a page cites, in order, once each.
fn cited_ids(text: &str) -> Vec<String> {
    let source = claim_lint::page::split_front_matter(text);
    let mut ids: Vec<String> = Vec::new();
    for s in claim_lint::page::sentences(&source) {
        for m in s.markers {
            if !ids.contains(&m.id) {
                ids.push(m.id);
            }
        }
    }
    ids
}

/// `claim-lint sign --pending`: what awaits sign-off. Signs nothing.
pub fn pending(opts: &CheckOptions, content: &Path) -> ExitCode {
    let claims = match ClaimsFile::load(&opts.claims) {
        Ok(c) => c,
        Err(e) => return print_errors(&e),
    };
    let pages = match collect_pages(&[content.to_path_buf()]).and_then(|f| read_pages(&f)) {
        Ok(p) => p,
        Err(e) => return print_errors(&e),
    };
    let mut waiting = 0;
    crate::outln!("Claims awaiting sign-off:");
    for c in &claims.claims {
        let status = signoff::claim_status(c, opts.today);
        if !status.is_signed() {
            waiting += 1;
            crate::outln!("  {} ({status})", c.id);
        }
    }
    crate::outln!("Pages awaiting sign-off:");
    for (path, text) in &pages {
        let status = page_status(text);
        if !status.is_signed() {
            waiting += 1;
            crate::outln!("  {} ({status})", display_path(path));
        }
    }
    crate::outln!(
        "{waiting} awaiting sign-off. Read each in `claim-lint review`, then sign it by name: claim-lint sign --by \"NAME, ROLE\" ID|PAGE …"
    );
    ExitCode::SUCCESS
}

/// `claim-lint sign --by … ID|PAGE …`.
pub fn sign(opts: &CheckOptions, content: &Path, by: Option<&str>, targets: &[String]) -> ExitCode {
    let Some(by) = by.map(str::trim).filter(|b| !b.is_empty()) else {
        return print_errors(&[
            "say who signs with --by \"NAME, ROLE\"; to see what awaits sign-off, use --pending",
        ]);
    };
    if targets.is_empty() {
        return print_errors(&["name the claims (by id) and pages (ending in .md) to sign; to see what awaits sign-off, use --pending"]);
    }
    let (page_targets, claim_targets): (Vec<&String>, Vec<&String>) =
        targets.iter().partition(|t| t.ends_with(".md"));
    let report = match check(opts) {
        Ok(r) => r,
        Err(e) => return print_errors(&e),
    };
    let claims = match ClaimsFile::load(&opts.claims) {
        Ok(c) => c,
        Err(e) => return print_errors(&e),
    };
    let claims_display = display_path(&claims.path);
    // Errors of the review category are what signing settles, so they do not block it.
    let errors_on = |path: &str, claim: Option<&str>| {
        report
            .findings
            .iter()
            .filter(|f| {
                f.severity == Severity::Error
                    && f.category != "review"
                    && f.path == path
                    && claim.is_none_or(|id| f.claim.as_deref() == Some(id))
            })
            .count()
    };
    // Refuse everything when anything is refused: a sign-off is a deliberate act, and a
    // half-applied one is hard to see in review.
    let mut refusals = Vec::new();
    for id in &claim_targets {
        match claims.get(id) {
            None => refusals.push(format!("there is no claim `{id}` in {claims_display}")),
            Some(_) => {
                let n = errors_on(&claims_display, Some(id));
                if n > 0 {
                    refusals.push(format!(
                        "claim `{id}` has {n} error(s); fix them (see `claim-lint check` or `claim-lint review`) before signing"
                    ));
                }
            }
        }
    }
    let mut pages: Vec<(PathBuf, String)> = Vec::new();
    for t in &page_targets {
        let path = resolve_page(content, t);
        match std::fs::read_to_string(&path) {
            Err(e) => refusals.push(format!("cannot read page {}: {e}", path.display())),
            Ok(text) => {
                let n = errors_on(&display_path(&path), None);
                if n > 0 {
                    refusals.push(format!(
                        "page {} has {n} error(s); fix them before signing",
                        path.display()
                    ));
                }
                pages.push((path, text));
            }
        }
    }
    // A signed page tells readers it was reviewed, so every claim it cites must be signed
    // too, now or in this same command.
    for (path, text) in &pages {
        let unsigned: Vec<String> = cited_ids(text)
            .into_iter()
            .filter(|id| !claim_targets.contains(&id))
            .filter(|id| {
                claims
                    .get(id)
                    .is_some_and(|c| !signoff::claim_status(c, opts.today).is_signed())
            })
            .collect();
        if !unsigned.is_empty() {
            refusals.push(format!(
                "page {} cites claims that are not signed: {}; review and sign them first (or in the same command)",
                path.display(),
                unsigned.join(", ")
            ));
        }
    }
    if !refusals.is_empty() {
        for r in &refusals {
            eprintln!("refused: {r}");
        }
        eprintln!("nothing was signed");
        return ExitCode::from(1);
    }
    let date = opts.today;
    if !claim_targets.is_empty() {
        if let Err(code) = sign_claims(&claims, &claim_targets, by, date) {
            return code;
        }
    }
    for (path, text) in &pages {
        match signoff::sign_page_text(text, by, date) {
            Ok(signed) => {
                if let Err(e) = write_atomically(path, &signed) {
                    return print_errors(&[format!("cannot write {}: {e}", path.display())]);
                }
                crate::outln!("signed page {} by {by} on {date}", path.display());
            }
            Err(e) => return print_errors(&[format!("{}: {e}", path.display())]),
        }
    }
    ExitCode::SUCCESS
}

fn sign_claims(claims: &ClaimsFile, ids: &[&String], by: &str, date: Date) -> Result<(), ExitCode> {
    let mut text = std::fs::read_to_string(&claims.path)
        .map_err(|e| print_errors(&[format!("cannot read {}: {e}", claims.path.display())]))?;
    for id in ids {
        // Positions move as lines are added, so each sign-off re-reads the file it edits.
        let current = ClaimsFile::parse(&claims.path, &text).map_err(|e| print_errors(&e))?;
        text = signoff::sign_claim_text(&text, &current, id, by, date)
            .map_err(|e| print_errors(&[e]))?;
        crate::outln!("signed claim {id} by {by} on {date}");
    }
    write_atomically(&claims.path, &text)
        .map_err(|e| print_errors(&[format!("cannot write {}: {e}", claims.path.display())]))
}

fn resolve_page(content: &Path, target: &str) -> PathBuf {
    let given = PathBuf::from(target);
    if given.exists() {
        given
    } else {
        content.join(target.trim_start_matches("@/"))
    }
}

fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let temporary = path.with_extension("sign.tmp");
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, path)
}

/// One claim that changed since the revision, with what cites it.
#[derive(serde::Serialize)]
struct Impacted {
    id: String,
    change: &'static str,
    citations: Vec<review::ReviewCitation>,
}

/// `claim-lint impact --since REV`.
pub fn impact(claims_path: &Path, content: &Path, since: &str, json: bool) -> ExitCode {
    let claims = match ClaimsFile::load(claims_path) {
        Ok(c) => c,
        Err(e) => return print_errors(&e),
    };
    let old_text = match git_show(claims_path, since) {
        Ok(t) => t,
        Err(e) => return print_errors(&[e]),
    };
    let old: BTreeMap<String, String> = match ClaimsFile::parse(claims_path, &old_text) {
        Ok(o) => o
            .claims
            .iter()
            .map(|c| (c.id.clone(), signoff::claim_digest(c)))
            .collect(),
        Err(e) => {
            eprintln!("error: the claims file at {since} cannot be read:");
            return print_errors(&e);
        }
    };
    let pages = match collect_pages(&[content.to_path_buf()]).and_then(|f| read_pages(&f)) {
        Ok(p) => p,
        Err(e) => return print_errors(&e),
    };
    let citing = review::citing_sentences(&pages, content, "", &claim_lint::Report::new());
    let change = |c: &Claim| match old.get(&c.id) {
        None => Some("added"),
        Some(d) if *d != signoff::claim_digest(c) => Some("changed"),
        _ => None,
    };
    let mut impacted: Vec<Impacted> = claims
        .claims
        .iter()
        .filter_map(|c| {
            change(c).map(|what| Impacted {
                id: c.id.clone(),
                change: what,
                citations: citing.get(&c.id).map(|v| v.to_vec()).unwrap_or_default(),
            })
        })
        .collect();
    for id in old.keys().filter(|id| claims.get(id).is_none()) {
        impacted.push(Impacted {
            id: id.clone(),
            change: "removed",
            citations: citing.get(id).map(|v| v.to_vec()).unwrap_or_default(),
        });
    }
    if json {
        let value = serde_json::json!({ "version": 1, "since": since, "claims": impacted });
        crate::outln!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    } else {
        for c in &impacted {
            crate::outln!("claim `{}` {} since {since}", c.id, c.change);
            for s in &c.citations {
                crate::outln!("  {}:{}: {}", s.page, s.line, s.sentence);
            }
        }
        let sentences: usize = impacted.iter().map(|c| c.citations.len()).sum();
        crate::outln!(
            "claim-lint impact: {} claim{} changed since {since}, cited by {sentences} sentence{}: review them again",
            impacted.len(),
            if impacted.len() == 1 { "" } else { "s" },
            if sentences == 1 { "" } else { "s" }
        );
    }
    ExitCode::SUCCESS
}

/// The claims file as it was at a git revision.
fn git_show(claims_path: &Path, rev: &str) -> Result<String, String> {
    let folder = claims_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = claims_path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "claims.yaml".into());
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(folder)
        .arg("show")
        .arg(format!("{rev}:./{name}"))
        .output()
        .map_err(|e| format!("cannot run git: {e}; `impact` needs git on PATH"))?;
    if !output.status.success() {
        return Err(format!(
            "git cannot show {name} at `{rev}`: {}; check the revision",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout).map_err(|_| format!("{name} at `{rev}` is not UTF-8"))
}
