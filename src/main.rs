//! The command line: `build`, `check` and `serve`, each a thin layer over
//! the pipeline in the library.

use clap::{Args, Parser, Subcommand, ValueEnum};
use modulepers::diagnostic::report::{self, Format};
use modulepers::{BuildOptions, Diagnostic};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Publishes the documents of structured Markdown under content/ as one
/// cross-linked static website, with derived pages and print editions.
#[derive(Parser)]
#[command(name = "modulepers", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced only if the build succeeds).
    Build(BuildArgs),
    /// Run every check of a build and write nothing.
    Check(CheckArgs),
    /// Build, serve on 127.0.0.1, rebuild on change and reload open pages.
    Serve(ServeArgs),
}

#[derive(Args)]
struct RootArgs {
    /// The site folder, holding site.yaml, content/ and themes/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
    /// How to print errors: `human` (source lines, on stderr) or `json`
    /// (one object per line on stdout, for editors and CI).
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum MessageFormat {
    Human,
    Json,
}

impl RootArgs {
    fn format(&self) -> Format {
        match self.message_format {
            MessageFormat::Human => Format::Human,
            MessageFormat::Json => Format::Json,
        }
    }

    /// A root that is not a folder is a mistake on the command line, not in
    /// the content: exit 2 like any other usage error.
    fn check_root(&self) -> Result<(), ExitCode> {
        if self.root.is_dir() {
            return Ok(());
        }
        report::print(&[modulepers::build::missing_root(&self.root)], &self.root, self.format());
        Err(ExitCode::from(2))
    }
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    root: RootArgs,
    /// Where to write the site [default: <root>/output].
    #[arg(long)]
    output: Option<PathBuf>,
    /// The address the site will be published at (used for sitemap.xml and the links in the PDFs).
    #[arg(long)]
    base_url: Option<String>,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    root: RootArgs,
    /// Also ask every outside address the content links to whether it
    /// still answers (network traffic; answers are kept for a day in the
    /// user's cache folder).
    #[arg(long)]
    external: bool,
    /// Seconds one request to an outside address may take.
    #[arg(long, default_value_t = 10.0, requires = "external", value_name = "SECONDS")]
    timeout: f64,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    root: RootArgs,
    /// Where to write the site [default: <root>/output].
    #[arg(long)]
    output: Option<PathBuf>,
    /// The port to listen on (127.0.0.1 only).
    #[arg(long, default_value_t = 1111)]
    port: u16,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // clap's own exit codes: 0 for --help/--version, 2 for misuse.
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let root = match &cli.command {
        Command::Build(a) => &a.root,
        Command::Check(a) => &a.root,
        Command::Serve(a) => &a.root,
    };
    if let Err(code) = root.check_root() {
        return code;
    }
    // Ctrl-C or SIGTERM during a build removes its unfinished folder.
    modulepers::write::interrupt::install();
    match cli.command {
        Command::Build(args) => {
            let mut options = BuildOptions::new(&args.root.root);
            if let Some(o) = args.output {
                options.output = o;
            }
            if let Some(problem) = args.base_url.as_deref().and_then(|u| modulepers::config::check_base_url(u).err()) {
                let d = Diagnostic::new(format!("invalid --base-url: {problem}"))
                    .hint("pass the address the site is published at, e.g. --base-url https://example.org/path/");
                report::print(&[d], &args.root.root, args.root.format());
                return ExitCode::from(2);
            }
            options.base_url = args.base_url;
            options.progress = !args.root.quiet && std::io::stderr().is_terminal();
            let result = modulepers::build(&options);
            // A first build that fails leaves no folder to speak of.
            let on_error = match options.output.is_dir() {
                true => "the output folder was left as it was",
                false => "nothing was written",
            };
            finish(result, &args.root, "built", on_error)
        }
        Command::Check(args) => {
            let result = modulepers::check(&args.root.root);
            let external = result.as_ref().map(|r| r.external.clone()).unwrap_or_default();
            let code = finish(result, &args.root, "checked", "nothing was written");
            match args.external && code == ExitCode::SUCCESS {
                true => check_external(&external, &args),
                false => code,
            }
        }
        Command::Serve(args) => {
            let options = modulepers::serve::ServeOptions {
                root: &args.root.root,
                output: args.output.as_deref(),
                port: args.port,
                quiet: args.root.quiet,
                format: args.root.format(),
            };
            match modulepers::serve::serve(&options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(d) => {
                    report::print(&[d], &args.root.root, args.root.format());
                    ExitCode::from(1)
                }
            }
        }
    }
}

/// Exit status 0 on success, 1 when the site has errors (all of them are
/// printed first).
fn finish(
    result: Result<modulepers::BuildReport, Vec<Diagnostic>>,
    args: &RootArgs,
    verb: &str,
    on_error: &str,
) -> ExitCode {
    match result {
        Ok(r) => {
            if !args.quiet {
                r.notes.iter().for_each(|n| eprintln!("{n}"));
                let pdfs = match r.print_editions {
                    0 => String::new(),
                    1 => " and 1 print edition".to_string(),
                    n => format!(" and {n} print editions"),
                };
                modulepers::say!("{verb} {} pages{pdfs} ({} files) in {} ms", r.pages, r.files, r.elapsed.as_millis());
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            report::print(&diags, &args.root, args.format());
            if args.format() == Format::Human {
                modulepers::say!("{} error{}; {on_error}", diags.len(), if diags.len() == 1 { "" } else { "s" });
            }
            ExitCode::from(1)
        }
    }
}

/// `check --external`, once the site itself has no errors: exit status 1
/// when an address is dead.
fn check_external(links: &[modulepers::resolve::ExternalLink], args: &CheckArgs) -> ExitCode {
    let timeout = match std::time::Duration::try_from_secs_f64(args.timeout) {
        Ok(t) if !t.is_zero() => t,
        _ => {
            let d = Diagnostic::new(format!("invalid --timeout {}", args.timeout))
                .hint("give the seconds one request may take, e.g. --timeout 10");
            report::print(&[d], &args.root.root, args.root.format());
            return ExitCode::from(2);
        }
    };
    let options = modulepers::external::Options { timeout, ..Default::default() };
    let checked = match modulepers::external::check(links, &options) {
        Ok(c) => c,
        Err(d) => {
            report::print(&[d], &args.root.root, args.root.format());
            return ExitCode::from(2);
        }
    };
    let human = args.root.format() == Format::Human;
    if human {
        eprint!("{}", checked.moved());
    }
    report::print(&checked.errors(), &args.root.root, args.root.format());
    if human && !args.root.quiet {
        eprintln!("{}", checked.summary());
    }
    match checked.dead() {
        0 => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    }
}

// glibc's allocator spent a third of a large build in malloc and free
// across rayon's threads; mimalloc is built for this pattern. Its `no_thp`
// feature (Cargo.toml) keeps it from asking for transparent huge pages: a
// build holds many small allocations (the parsed pages), 2 MB pages round
// them up and cost a tenth of the peak memory on the 10,000-page benchmark,
// and zeroing them on first touch is no faster.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
