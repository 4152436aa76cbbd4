//! The client emitted on two cores. progenitor's tokens cannot cross threads
//! (proc-macro2's types are neither `Send` nor `Sync`), so the thread that
//! holds them hands runs of items to a second lane as text, before parsing
//! them; the second lane lexes and parses them again and runs the same passes
//! with an emitter of its own (`emit`). What a pass needs from the whole
//! client is joined at the end, in two steps: the second lane's facts about
//! unions first (which enums stay closed decides how its waiting pieces
//! print), then its printed runs, idempotency keys, dates and feature
//! gathering (the lanes number their placeholders apart).

use std::collections::BTreeSet;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::Scope;

use crate::codegen::datetime;
use crate::codegen::emit::{Emitter, PassInputs};
use crate::codegen::features::Gatherer;
use crate::codegen::forward_compat::Discriminators;
use crate::diag::PointerError;

/// Items of one module, as text, for the second lane to emit.
pub struct Run {
    /// The module's path from the crate root.
    pub names: Vec<String>,
    /// The items' tokens, printed.
    pub text: String,
}

/// What the second lane printed and found, once every run is in.
pub struct Printed<'a> {
    /// Each run's text, in the order handed, its gates still placeholders.
    pub runs: Vec<String>,
    /// Each run's idempotency keys, in client order.
    pub keys: Vec<Vec<(String, String)>>,
    /// The date-time fields the runs routed.
    pub dates: datetime::Routed,
    /// What the runs' items mention and where their placeholders are.
    pub gatherer: Gatherer<'a>,
}

/// To the second lane.
enum Order {
    Emit(Run),
    /// No more runs: send back the discriminators.
    End,
    /// These enums stay closed: print and send back the runs.
    Print(BTreeSet<String>),
}

/// From the second lane.
enum Answer<'a> {
    Discriminators(Discriminators),
    Printed(Box<Printed<'a>>),
    Failed(PointerError),
}

/// The first lane's handle on the second.
pub struct Lane<'a> {
    orders: Sender<Order>,
    answers: Receiver<Answer<'a>>,
}

impl<'a> Lane<'a> {
    /// A second lane on a thread of `scope`, running the passes with `inputs`.
    pub fn spawn<'scope>(scope: &'scope Scope<'scope, '_>, inputs: &'a PassInputs<'a>) -> Self
    where
        'a: 'scope,
    {
        let (orders, their_orders) = channel();
        let (their_answers, answers) = channel();
        scope.spawn(move || serve(inputs, &their_orders, &their_answers));
        Self { orders, answers }
    }

    /// Hand `run` over. A lane that has failed takes no more; its error
    /// comes with the next answer.
    pub fn hand(&self, run: Run) {
        let _ = self.orders.send(Order::Emit(run));
    }

    /// Every run is handed: the discriminators found in them.
    pub fn discriminators(&self) -> Result<Discriminators, PointerError> {
        let _ = self.orders.send(Order::End);
        match self.answer()? {
            Answer::Discriminators(found) => Ok(found),
            _ => Err(out_of_order()),
        }
    }

    /// Have the runs printed, with `closed` the enums left closed.
    pub fn print(&self, closed: BTreeSet<String>) {
        let _ = self.orders.send(Order::Print(closed));
    }

    /// The runs printed, and the rest of what the second lane found.
    pub fn printed(self) -> Result<Printed<'a>, PointerError> {
        match self.answer()? {
            Answer::Printed(printed) => Ok(*printed),
            _ => Err(out_of_order()),
        }
    }

    fn answer(&self) -> Result<Answer<'a>, PointerError> {
        match self.answers.recv() {
            Ok(Answer::Failed(e)) => Err(e),
            Ok(answer) => Ok(answer),
            Err(_) => Err(PointerError::new("", "the second emitting lane stopped")),
        }
    }
}

fn out_of_order() -> PointerError {
    PointerError::new("", "the second emitting lane answered out of order")
}

/// The second lane: emit each run handed over, answer each order. Ends
/// when the first lane's handle is dropped, whatever the step.
fn serve<'a>(inputs: &'a PassInputs<'a>, orders: &Receiver<Order>, answers: &Sender<Answer<'a>>) {
    let mut emitter = Emitter::second_lane(inputs);
    while let Ok(order) = orders.recv() {
        match order {
            Order::Emit(run) => {
                if let Err(e) = emitter.emit_run(run) {
                    let _ = answers.send(Answer::Failed(e));
                    return;
                }
            }
            Order::End => {
                let found = emitter.take_discriminators();
                let _ = answers.send(Answer::Discriminators(found));
            }
            Order::Print(closed) => {
                let _ = answers.send(Answer::Printed(Box::new(emitter.print_runs(&closed))));
                return;
            }
        }
    }
}
