//! Classroom assignments, split into the task (student sheet) and the
//! teacher notes (teacher sheet only).

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
                out.push(Assignment {
                    page: i,
                    section: b.section,
                    document: page.document.clone(),
                    id: b.id.clone().unwrap_or_default(),
                    number: out.len() + 1,
                    title: titel.clone(),
                    work_form: werkvorm.clone(),
                    answer_lines: *schrijfregels,
                    task: task.into_iter().cloned().collect(),
                    teacher,
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
