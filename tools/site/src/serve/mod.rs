//! `site serve`: a local preview that rebuilds on change and reloads the browser.
//!
//! - It listens on 127.0.0.1 unless told otherwise, as `zola serve` does, and links point at
//!   itself (`--base-url` defaults to `http://<interface>:<port>`).
//! - Each build goes through the same gate as `site build` ([`crate::build_into`]) into a new
//!   folder under the system's temporary folder; `public/` is never touched. A good build
//!   replaces the previous one at once; a failed one is thrown away.
//! - After the first build, a save of pages or of `claims.yaml` is handled by
//!   [`crate::incremental`]: only the saved pages (and, for claims, the pages that name a
//!   changed claim) are checked again, and only the files they touch are rendered again and
//!   written into the current build's folder, while requests wait (so none sees half an
//!   update). The files are those a full build would write. Anything it cannot attribute
//!   (templates, config, a new page…) is a full build, as is every save with
//!   `--full-rebuilds`.
//! - While the latest build has failed, every page request gets an overlay with the findings
//!   instead of stale content. Other files (CSS, images) still come from the last good build.
//! - Live reload is a same-origin script, `/__site/livereload.js`, added before `</body>` of
//!   each page it serves, which polls `/__site/build-id`. The site's CSP (`script-src` or
//!   `default-src 'self'`) allows it, and pages work the same with JavaScript off.
//! - Inputs are watched by polling; see [`watch`] for why.

pub mod pages;
pub mod watch;

use crate::build::{build_into, BuildOptions, BuildSummary};
use crate::error::BuildError;
use crate::incremental::{Incremental, Update};
use chrono::NaiveDate;
use pages::{Failure, Target};
use std::fmt;
use std::io::IsTerminal;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};
use watch::{Change, Snapshot};

/// The command line of `site serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// The site's folder, holding config.toml, content/, templates/, sass/ and static/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The address to listen on. Anything but a loopback address shares the preview with
    /// your network.
    #[arg(short, long, default_value = "127.0.0.1")]
    pub interface: IpAddr,
    /// The port to listen on (0: any free port).
    #[arg(short, long, default_value_t = 1111)]
    pub port: u16,
    /// Absolute links point here (default: this server, http://<interface>:<port>).
    #[arg(short = 'u', long)]
    pub base_url: Option<String>,
    /// The date for review checks, YYYY-MM-DD (default: today).
    #[arg(long, value_parser = parse_date)]
    pub today: Option<NaiveDate>,
    /// Rebuild and re-check the whole site on every save, instead of only what the save
    /// touches.
    #[arg(long)]
    pub full_rebuilds: bool,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date; expected YYYY-MM-DD"))
}

/// Runs `site serve` until Ctrl-C (or SIGTERM). Exit 0 after a clean stop; 2 when it cannot
/// start (no site at `--root`, port in use).
pub fn main(args: ServeArgs) -> ExitCode {
    let opts = ServeOptions {
        build: BuildOptions {
            root: args.root,
            base_url: args.base_url,
            today: args.today,
            color: std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal(),
        },
        interface: args.interface,
        port: args.port,
        poll: DEFAULT_POLL,
        incremental: !args.full_rebuilds,
    };
    match serve(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// How often the inputs are checked for changes.
pub const DEFAULT_POLL: Duration = Duration::from_millis(300);

/// How many threads answer requests. Requests are small files read from disk; a few
/// threads keep one slow client from holding up the others.
const WORKERS: usize = 4;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// `base_url` here overrides the default `http://<interface>:<port>`.
    pub build: BuildOptions,
    pub interface: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub poll: Duration,
    /// Re-check and re-render only what a save touches ([`crate::incremental`]); false
    /// rebuilds everything on every save.
    pub incremental: bool,
}

impl ServeOptions {
    pub fn new(root: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions {
            build: BuildOptions::new(root),
            interface: IpAddr::from([127, 0, 0, 1]),
            port: 1111,
            poll: DEFAULT_POLL,
            incremental: true,
        }
    }
}

/// What the latest rebuild was, for the log, tests and the benchmark.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildRecord {
    /// The build id it published (every kind but `Unchanged` publishes one).
    pub id: String,
    pub kind: BuildKind,
    /// From noticing the change (after it settled) to publishing the result.
    pub ms: f64,
    /// Files written or removed (incremental updates).
    pub files: usize,
    /// Pages the gate checked again (incremental updates).
    pub rechecked: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildKind {
    /// Everything built, with the gate over every page.
    Full,
    /// Only what the save touched.
    Incremental,
    /// The save changed nothing that is published.
    Unchanged,
    /// The gate refused the saved text (every page shows the findings).
    Refused,
    /// A full build failed (every page shows the error).
    Failed,
}

/// Why the preview could not start. Exit code 2.
#[derive(Debug)]
pub struct ServeError(pub String);

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ServeError {}

/// Starts the preview, prints its address, and serves until Ctrl-C or SIGTERM.
pub fn serve(opts: ServeOptions) -> Result<(), ServeError> {
    let (tx, rx) = std::sync::mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = tx.send(());
    })
    .map_err(|e| ServeError(format!("cannot handle Ctrl-C: {e}")))?;
    let preview = Preview::start(opts)?;
    eprintln!(
        "site: serving the preview at {} (press Ctrl-C to stop)",
        preview.url()
    );
    let _ = rx.recv();
    eprintln!("site: stopping");
    preview.stop();
    Ok(())
}

/// What the request threads read and the build thread writes.
struct State {
    build_id: String,
    /// The folder of the last good build.
    good: Option<PathBuf>,
    /// Set while the latest build has failed.
    failure: Option<Failure>,
    last: Option<BuildRecord>,
}

struct Shared {
    state: RwLock<State>,
    stop: AtomicBool,
}

impl Shared {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running preview server. [`Preview::stop`] (or dropping it) stops it and removes its
/// build folders.
pub struct Preview {
    addr: SocketAddr,
    url: String,
    shared: Arc<Shared>,
    threads: Vec<JoinHandle<()>>,
    dir: PathBuf,
}

impl Preview {
    /// Binds the address, builds once (a failed build is served as the overlay, not
    /// returned), then serves and watches in background threads.
    pub fn start(opts: ServeOptions) -> Result<Preview, ServeError> {
        let root = &opts.build.root;
        if !root.join("config.toml").is_file() {
            return Err(ServeError(format!(
                "{}: no site config here; expected --root to name the site's folder, the one holding config.toml and content/",
                root.join("config.toml").display()
            )));
        }
        let wanted = SocketAddr::new(opts.interface, opts.port);
        let listener = TcpListener::bind(wanted).map_err(|e| bind_error(wanted, &e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| ServeError(format!("cannot read the listening address: {e}")))?;
        let server = tiny_http::Server::from_listener(listener, None)
            .map_err(|e| ServeError(format!("cannot serve on {addr}: {e}")))?;
        let url = local_url(addr);
        if !addr.ip().is_loopback() {
            eprintln!(
                "warning: listening on {addr}: anyone who can reach this machine can read the preview"
            );
        }

        let dir = preview_dir();
        std::fs::create_dir_all(&dir).map_err(|e| {
            ServeError(format!(
                "cannot create the preview folder {}: {e}",
                dir.display()
            ))
        })?;
        let mut build = opts.build.clone();
        if build.base_url.is_none() {
            build.base_url = Some(url.clone());
        }
        let shared = Arc::new(Shared {
            state: RwLock::new(State {
                build_id: String::new(),
                good: None,
                failure: None,
                last: None,
            }),
            stop: AtomicBool::new(false),
        });
        let mut builder = Builder::new(build, dir.clone(), opts.incremental);
        let snapshot = Snapshot::take(root);
        builder.rebuild(&shared, "first build");

        let server = Arc::new(server);
        let mut threads = Vec::new();
        for _ in 0..WORKERS {
            let server = Arc::clone(&server);
            let shared = Arc::clone(&shared);
            threads.push(std::thread::spawn(move || answer(&server, &shared)));
        }
        let watch_shared = Arc::clone(&shared);
        let poll = opts.poll;
        threads.push(std::thread::spawn(move || {
            watch_and_rebuild(builder, snapshot, poll, &watch_shared)
        }));
        Ok(Preview {
            addr,
            url,
            shared,
            threads,
            dir,
        })
    }

    /// Where the server listens (with the real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<interface>:<port>`, as printed.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Changes with every build, good or failed.
    pub fn build_id(&self) -> String {
        self.shared.read().build_id.clone()
    }

    /// The latest rebuild: what kind, and how long it took.
    pub fn last_build(&self) -> Option<BuildRecord> {
        self.shared.read().last.clone()
    }

    /// The folder the preview serves now (the last good build), if any.
    pub fn served_dir(&self) -> Option<PathBuf> {
        self.shared.read().good.clone()
    }

    /// The folder holding the builds (removed on stop).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Stops serving and watching, waits for the threads, removes the build folders.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn bind_error(addr: SocketAddr, e: &std::io::Error) -> ServeError {
    let why = match e.kind() {
        std::io::ErrorKind::AddrInUse => format!(
            "port {} is already in use on {} (another `site serve` or `zola serve`?); stop it or pick another port with --port",
            addr.port(),
            addr.ip()
        ),
        std::io::ErrorKind::AddrNotAvailable => format!(
            "{} is not an address of this machine; use --interface 127.0.0.1",
            addr.ip()
        ),
        std::io::ErrorKind::PermissionDenied => format!(
            "not allowed to listen on port {}; pick a port above 1023 with --port",
            addr.port()
        ),
        _ => e.to_string(),
    };
    ServeError(format!("cannot listen on {addr}: {why}"))
}

/// The address the preview's links use. An unspecified interface (0.0.0.0, ::) is not an
/// address a browser can open, so links use loopback there; pass --base-url to browse
/// from another device.
fn local_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::from([127, 0, 0, 1]),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}

/// A fresh folder per preview (several may run in one process, as in the tests), outside
/// the site's tree so that the watcher never sees the builds and git never lists them.
fn preview_dir() -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    std::env::temp_dir().join(format!("site-serve-{}-{n}", std::process::id()))
}

/// Builds into numbered folders and publishes the result to the request threads.
struct Builder {
    opts: BuildOptions,
    dir: PathBuf,
    count: u64,
    /// Part of every build id, so that a restarted server's pages reload too.
    epoch: u64,
    last_warnings: Option<String>,
    warned_crisis: bool,
    checked_csp: bool,
    incremental: bool,
    /// What the folder being served was built from, while updates can build on it.
    engine: Option<Incremental>,
}

impl Builder {
    fn new(opts: BuildOptions, dir: PathBuf, incremental: bool) -> Builder {
        let epoch = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0);
        Builder {
            opts,
            dir,
            count: 0,
            epoch,
            last_warnings: None,
            warned_crisis: false,
            checked_csp: false,
            incremental,
            engine: None,
        }
    }

    fn next_id(&mut self) -> String {
        self.count += 1;
        format!("{:x}-{}", self.epoch, self.count)
    }

    /// Builds everything into a new folder and serves it, or shows why it failed.
    fn rebuild(&mut self, shared: &Shared, why: &str) {
        self.rebuild_since(shared, why, Instant::now());
    }

    fn rebuild_since(&mut self, shared: &Shared, why: &str, started: Instant) {
        self.engine = None;
        let build_id = self.next_id();
        let out = self.dir.join(format!("build-{}", self.count));
        let _ = std::fs::remove_dir_all(&out);
        let result = std::fs::create_dir_all(&out)
            .map_err(|e| {
                BuildError::from(crate::error::FileError::cannot(
                    &out,
                    "create the preview folder",
                    &e,
                ))
            })
            .and_then(|()| {
                if !self.incremental {
                    return build_catching_panics(&self.opts, &out);
                }
                let (engine, summary) =
                    catching_panics(&self.opts.root, || Incremental::build(&self.opts, &out))?;
                self.engine = Some(engine);
                Ok(summary)
            });
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        match result {
            Ok(summary) => {
                self.report_success(&summary, &out);
                let old = {
                    let mut state = shared.write();
                    state.build_id = build_id.clone();
                    state.failure = None;
                    state.last = Some(BuildRecord {
                        id: build_id,
                        kind: BuildKind::Full,
                        ms,
                        files: 0,
                        rechecked: 0,
                    });
                    state.good.replace(out)
                };
                if let Some(old) = old {
                    let _ = std::fs::remove_dir_all(old);
                }
                eprintln!(
                    "site: {why}: built {} pages in {ms:.0} ms (build {})",
                    summary.pages, self.count
                );
            }
            Err(e) => {
                let _ = std::fs::remove_dir_all(&out);
                self.engine = None;
                self.fail(shared, &e, why, build_id, BuildKind::Failed, ms);
            }
        }
    }

    /// Shows a failed build (or a refused update) on every page until it is fixed.
    fn fail(
        &mut self,
        shared: &Shared,
        e: &BuildError,
        why: &str,
        build_id: String,
        kind: BuildKind,
        ms: f64,
    ) {
        let (title, printed) = match e {
            BuildError::Gate(report) => (
                pages::GATE_TITLE,
                format!("{report}error: claim-lint found errors"),
            ),
            BuildError::Input(_) => (pages::INPUT_TITLE, e.to_string()),
        };
        eprintln!("{printed}");
        eprintln!(
            "site: {why}: build failed in {ms:.0} ms (build {}); pages show these errors until they are fixed",
            self.count
        );
        self.last_warnings = None;
        let mut state = shared.write();
        state.build_id = build_id.clone();
        state.failure = Some(Failure {
            title: title.to_string(),
            report: pages::strip_ansi(&printed),
            at: chrono::Local::now().format("%H:%M:%S").to_string(),
        });
        state.last = Some(BuildRecord {
            id: build_id,
            kind,
            ms,
            files: 0,
            rechecked: 0,
        });
    }

    /// Brings the preview up to date with `changes` (against what it last published):
    /// page by page when it can, else a full build. Returns false when nothing was
    /// published (the gate refused the save), so the next changes are taken against the
    /// same published state.
    fn changed(&mut self, shared: &Shared, changes: &[Change], why: &str) -> bool {
        let started = Instant::now();
        let Some(engine) = self.engine.as_mut() else {
            self.rebuild_since(shared, why, started);
            return true;
        };
        let update = std::panic::catch_unwind(AssertUnwindSafe(|| engine.update(changes)))
            .unwrap_or_else(|panic| {
                Update::Full(format!(
                    "the incremental update crashed (a bug in `site`; please report it): {}",
                    panic_message(&*panic)
                ))
            });
        match update {
            Update::Full(reason) => {
                eprintln!("site: {why}: {reason}; building everything");
                self.rebuild_since(shared, why, started);
                true
            }
            Update::Refused(e) => {
                let build_id = self.next_id();
                let ms = started.elapsed().as_secs_f64() * 1000.0;
                self.fail(shared, &e, why, build_id, BuildKind::Refused, ms);
                false
            }
            Update::Unchanged => {
                if shared.read().failure.is_some() {
                    // The refused save was undone: the published site is right again.
                    let build_id = self.next_id();
                    let ms = started.elapsed().as_secs_f64() * 1000.0;
                    let mut state = shared.write();
                    state.failure = None;
                    state.build_id = build_id.clone();
                    state.last = Some(BuildRecord {
                        id: build_id,
                        kind: BuildKind::Unchanged,
                        ms,
                        files: 0,
                        rechecked: 0,
                    });
                    eprintln!(
                        "site: {why}: back to what is published (build {})",
                        self.count
                    );
                }
                true
            }
            Update::Published(published) => {
                let build_id = self.next_id();
                let applied = {
                    // Requests wait while the files change, so none sees half an update.
                    let mut state = shared.write();
                    let result = match &state.good {
                        Some(dir) => published.apply(dir),
                        None => Err(crate::error::FileError::at_line(
                            &self.dir,
                            None,
                            "no build to update",
                        )),
                    };
                    let ms = started.elapsed().as_secs_f64() * 1000.0;
                    if result.is_ok() {
                        state.build_id = build_id.clone();
                        state.failure = None;
                        state.last = Some(BuildRecord {
                            id: build_id,
                            kind: BuildKind::Incremental,
                            ms,
                            files: published.files.len(),
                            rechecked: published.rechecked.len(),
                        });
                    }
                    result.map(|()| ms)
                };
                match applied {
                    Ok(ms) => {
                        if let Some(report) = &published.warnings {
                            eprint!("{report}");
                        }
                        self.report_pages(&published.summary);
                        eprintln!(
                            "site: {why}: checked {} page{} again, wrote {} file{} in {ms:.0} ms (build {})",
                            published.rechecked.len(),
                            if published.rechecked.len() == 1 { "" } else { "s" },
                            published.files.len(),
                            if published.files.len() == 1 { "" } else { "s" },
                            self.count
                        );
                    }
                    Err(e) => {
                        eprintln!(
                            "site: {why}: cannot update the preview ({e}); building everything"
                        );
                        self.rebuild_since(shared, why, started);
                    }
                }
                true
            }
        }
    }

    /// Warnings, once each until they change, so that a rebuild prints one line.
    fn report_success(&mut self, summary: &BuildSummary, out: &Path) {
        if summary.lint_warnings != self.last_warnings {
            if let Some(report) = &summary.lint_warnings {
                eprint!("{report}");
            }
            self.last_warnings = summary.lint_warnings.clone();
        }
        self.report_pages(summary);
        if !self.checked_csp {
            self.checked_csp = true;
            if let Some(directive) = std::fs::read_to_string(out.join("index.html"))
                .ok()
                .and_then(|html| pages::meta_csp(&html))
                .and_then(|csp| pages::csp_blocks_reload(&csp))
            {
                eprintln!("warning: the pages' Content-Security-Policy ({directive}) blocks the same-origin live-reload script; reload by hand");
            }
        }
    }

    /// What every build says about withheld and overdue pages and the crisis numbers.
    fn report_pages(&mut self, summary: &BuildSummary) {
        for page in &summary.withheld {
            eprintln!(
                "warning: {page} is past its review date and withheld; its URL shows a notice"
            );
        }
        for page in &summary.overdue_kept {
            eprintln!("warning: {page} is past its review date; it is published anyway because it carries the crisis help");
        }
        if !summary.crisis_reviewed && !self.warned_crisis {
            eprintln!("warning: the crisis numbers are the shipped defaults: set [extra.crisis] reviewed = true in config.toml once the clinic has checked them");
            self.warned_crisis = true;
        }
    }
}

/// [`build_into`], with a panic (a bug, never expected) turned into a build error, so that
/// the watcher thread lives on and the overlay says what happened.
fn build_catching_panics(opts: &BuildOptions, out: &Path) -> Result<BuildSummary, BuildError> {
    catching_panics(&opts.root, || build_into(opts, out))
}

fn catching_panics<T>(
    root: &Path,
    build: impl FnOnce() -> Result<T, BuildError>,
) -> Result<T, BuildError> {
    std::panic::catch_unwind(AssertUnwindSafe(build)).unwrap_or_else(|panic| {
        Err(BuildError::from(crate::error::FileError::at_line(
            root,
            None,
            format!(
                "the build crashed (a bug in `site`; please report it): {}",
                panic_message(&*panic)
            ),
        )))
    })
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// Polls the inputs; when they change (and have settled), brings the preview up to date
/// with every change since what it last published.
fn watch_and_rebuild(mut builder: Builder, published: Snapshot, poll: Duration, shared: &Shared) {
    let root = builder.opts.root.clone();
    let mut last = published.clone();
    let mut published = published;
    while !shared.stop.load(Ordering::SeqCst) {
        std::thread::sleep(poll);
        let now = Snapshot::take(&root);
        let Some(changed) = now.first_change(&last) else {
            continue;
        };
        // Let a save that touches several files (or a checkout) settle, within reason.
        let mut settled = now;
        for _ in 0..10 {
            std::thread::sleep(poll / 2);
            let again = Snapshot::take(&root);
            if again == settled {
                break;
            }
            settled = again;
        }
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let changes = settled.changes(&published);
        last = settled;
        if changes.is_empty() && shared.read().failure.is_none() {
            continue;
        }
        let why = format!("{} changed", changed.display());
        if builder.changed(shared, &changes, &why) {
            published = last.clone();
        }
    }
}

/// A request thread: answers until the preview stops.
fn answer(server: &tiny_http::Server, shared: &Shared) {
    while !shared.stop.load(Ordering::SeqCst) {
        match server.recv_timeout(Duration::from_millis(100)) {
            Ok(Some(request)) => {
                let response =
                    std::panic::catch_unwind(AssertUnwindSafe(|| respond(shared, &request)))
                        .unwrap_or_else(|_| {
                            reply(
                                500,
                                "text/plain; charset=utf-8",
                                b"internal error in site serve\n".to_vec(),
                            )
                        });
                // The client may have gone; nothing to do about it.
                let _ = request.respond(response);
            }
            Ok(None) => {}
            Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

type Reply = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn respond(shared: &Shared, request: &tiny_http::Request) -> Reply {
    use tiny_http::Method;
    if !matches!(request.method(), Method::Get | Method::Head) {
        return reply(
            405,
            "text/plain; charset=utf-8",
            b"only GET and HEAD\n".to_vec(),
        )
        .with_header(header("Allow", "GET, HEAD"));
    }
    let url = request.url();
    let path = url.split(['?', '#']).next().unwrap_or("");
    let state = shared.read();
    match path {
        pages::LIVERELOAD_PATH => {
            return reply(
                200,
                "text/javascript; charset=utf-8",
                pages::LIVERELOAD_JS.as_bytes().to_vec(),
            )
        }
        pages::BUILD_ID_PATH => {
            return reply(
                200,
                "text/plain; charset=utf-8",
                state.build_id.clone().into_bytes(),
            )
        }
        pages::OVERLAY_CSS_PATH => {
            return reply(
                200,
                "text/css; charset=utf-8",
                pages::OVERLAY_CSS.as_bytes().to_vec(),
            )
        }
        p if p.starts_with(pages::PREFIX) => return not_found(&state),
        _ => {}
    }
    if let Some(failure) = &state.failure {
        let accept = request
            .headers()
            .iter()
            .find(|h| h.field.equiv("Accept"))
            .map(|h| h.value.as_str());
        if pages::wants_html(url, accept) {
            let page = pages::overlay_page(failure, path, &state.build_id);
            return reply(500, "text/html; charset=utf-8", page.into_bytes());
        }
    }
    let Some(good) = &state.good else {
        return reply(
            404,
            "text/plain; charset=utf-8",
            b"no build of the site has succeeded yet\n".to_vec(),
        );
    };
    match pages::resolve(good, url) {
        Target::File(file) => match std::fs::read(&file) {
            Ok(bytes) => file_reply(200, &file, bytes, &state.build_id),
            Err(_) => not_found(&state),
        },
        Target::Redirect(location) => reply(302, "text/plain; charset=utf-8", Vec::new())
            .with_header(header("Location", &location)),
        Target::NotFound => not_found(&state),
        Target::BadRequest => reply(400, "text/plain; charset=utf-8", b"bad path\n".to_vec()),
    }
}

/// The site's own 404.html (with live reload), or a plain 404.
fn not_found(state: &State) -> Reply {
    if let Some(good) = &state.good {
        let page = good.join("404.html");
        if let Ok(bytes) = std::fs::read(&page) {
            return file_reply(404, &page, bytes, &state.build_id);
        }
    }
    reply(404, "text/plain; charset=utf-8", b"not found\n".to_vec())
}

fn file_reply(status: u16, file: &Path, bytes: Vec<u8>, build_id: &str) -> Reply {
    let content_type = pages::content_type(file);
    if pages::is_html(file) {
        let html = String::from_utf8_lossy(&bytes);
        let html = pages::inject_reload_script(&html, build_id);
        return reply(status, content_type, html.into_bytes());
    }
    reply(status, content_type, bytes)
}

fn reply(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    tiny_http::Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type))
        // A preview changes under the browser: never cache.
        .with_header(header("Cache-Control", "no-store"))
        // As the published site's _headers asks of its host.
        .with_header(header("Referrer-Policy", "no-referrer"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

/// A header from our own ASCII strings; an invalid one would be a bug here, and is
/// replaced by a harmless header rather than a panic.
fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|()| {
        tiny_http::Header::from_bytes(&b"X-Site-Serve"[..], &b"invalid-header"[..])
            .expect("a constant ASCII header is valid")
    })
}
