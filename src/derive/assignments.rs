//! Classroom assignments, split into the task (student sheet) and the
//! teacher notes (teacher sheet only).

use super::steps::{self, Step};
use super::visit_blocks;
use crate::load::BlockKind;
use crate::resolve::{Block, HeadingId, Node, PageId, Site};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct Assignment {
    pub page: PageId,
    pub section: Option<HeadingId>,
    pub document: Option<String>,
    pub id: String,
    /// 1-based, in reading order across the site.
    pub number: usize,
    /// The editors' title (`titel`).
    pub title: String,
    /// The work form (`werkvorm`).
    pub work_form: Option<String>,
    /// Lines left for the answer on the sheet (`schrijfregels`).
    pub answer_lines: u32,
    pub task: Vec<Node>,
    pub teacher: Vec<Node>,
    /// The task as every sheet sets it: its top-level lists numbered, so
    /// "stap 2" means the same on the web, in the PDF and in Word.
    pub sheet_task: Vec<Node>,
    /// Its steps, each with the room for its answer on the student sheet.
    pub steps: Vec<Step>,
    /// The source's sentence arranging the class ("Verdeel de klas in
    /// subgroepen."), for the teacher version; None when it gives none.
    pub arrangement: Option<String>,
}

pub fn collect(site: &Site) -> (Vec<Assignment>, BTreeMap<String, Block>) {
    let mut out = Vec::new();
    let mut goals = BTreeMap::new();
    for (i, page) in site.pages.with_ids() {
        visit_blocks(&page.body, &mut |b| match &b.kind {
            BlockKind::Opdracht { titel, werkvorm, schrijfregels } => {
                let (teacher, task): (Vec<&Node>, Vec<&Node>) =
                    b.children.iter().partition(|n| matches!(n, Node::Block(Block { kind: BlockKind::Docent, .. })));
                let teacher = teacher
                    .into_iter()
                    .flat_map(|n| match n {
                        Node::Block(d) => d.children.clone(),
                        Node::Markdown(_) => Vec::new(),
                    })
                    .collect();
                let task: Vec<Node> = task.into_iter().cloned().collect();
                let (sheet_task, steps) = steps::number(&task, *schrijfregels);
                let arrangement = steps::arrangement(&task);
                out.push(Assignment {
                    page: i,
                    section: b.section,
                    document: page.document.clone(),
                    id: b.id.clone().unwrap_or_default(),
                    number: out.len() + 1,
                    title: titel.clone(),
                    work_form: werkvorm.clone(),
                    answer_lines: *schrijfregels,
                    task,
                    teacher,
                    sheet_task,
                    steps,
                    arrangement,
                });
            }
            BlockKind::Leerdoelen => {
                if let Some(doc) = &page.document {
                    goals.entry(doc.clone()).or_insert_with(|| b.clone());
                }
            }
            _ => {}
        });
    }
    (out, goals)
}
