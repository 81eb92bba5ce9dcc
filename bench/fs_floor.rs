//! Times writing a finished site to disk, and nothing else: the floor under
//! any generator's build time on this file system.
//!
//! Usage: fs_floor SRC DEST [THREADS]
//!
//! Reads every file under SRC into memory, then writes the same folders and
//! files under DEST with THREADS threads (default 2, as many cores as the
//! benchmark machine has) and prints: seconds folders files bytes.
//! Built by bench/run.sh with rustc alone (no crates).

use std::path::{Path, PathBuf};
use std::time::Instant;

fn read_tree(root: &Path, rel: &Path, dirs: &mut Vec<(PathBuf, Vec<(PathBuf, Vec<u8>)>)>) {
    let mut entries: Vec<_> = std::fs::read_dir(root.join(rel)).expect("readable source").map(|e| e.unwrap()).collect();
    entries.sort_by_key(|e| e.file_name());
    let mut files = Vec::new();
    let mut subdirs = Vec::new();
    for e in entries {
        let path = rel.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            subdirs.push(path);
        } else {
            files.push((path.clone(), std::fs::read(root.join(&path)).unwrap()));
        }
    }
    dirs.push((rel.to_path_buf(), files));
    for d in subdirs {
        read_tree(root, &d, dirs);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: fs_floor SRC DEST [THREADS]");
        std::process::exit(2);
    }
    let (src, dest) = (PathBuf::from(&args[1]), PathBuf::from(&args[2]));
    let threads: usize = args.get(3).and_then(|t| t.parse().ok()).unwrap_or(2);
    let mut dirs = Vec::new();
    read_tree(&src, Path::new(""), &mut dirs);
    let start = Instant::now();
    std::fs::create_dir(&dest).expect("DEST must not exist");
    // Parents come before their children in `dirs`; each thread takes every
    // n-th folder and creates missing parents itself, as a generator does.
    std::thread::scope(|s| {
        for k in 0..threads {
            let (dirs, dest) = (&dirs, &dest);
            s.spawn(move || {
                for (dir, files) in dirs.iter().skip(k).step_by(threads) {
                    std::fs::create_dir_all(dest.join(dir)).unwrap();
                    for (path, bytes) in files {
                        std::fs::write(dest.join(path), bytes).unwrap();
                    }
                }
            });
        }
    });
    let elapsed = start.elapsed().as_secs_f64();
    let files: usize = dirs.iter().map(|(_, f)| f.len()).sum();
    let bytes: usize = dirs.iter().flat_map(|(_, f)| f.iter().map(|(_, b)| b.len())).sum();
    println!("{elapsed:.3} {} {files} {bytes}", dirs.len());
}
