//! Status arms: progenitor matches a response's status with exact codes and
//! ranges (`4XX` is `400u16..=499u16`), ordered so that a range can come
//! before an exact code it contains (`400`, `400..=499`, `401`): the exact
//! arm is then unreachable (a compile error under `-D warnings`, and the
//! wrong arm at run time if their types differed). This pass moves every range
//! arm after the exact ones, keeping the catch-all `_` last.

use syn::visit_mut::{self, VisitMut};
use syn::{Expr, ExprMatch, Pat};

/// Reorder the status arms of every `match` in `file`.
pub fn order(file: &mut syn::File) {
    Order.visit_file_mut(file);
}

struct Order;

/// 0: an exact status, 1: a range, 2: anything else (`_`).
fn rank(pat: &Pat) -> u8 {
    match pat {
        Pat::Lit(_) => 0,
        Pat::Range(_) => 1,
        _ => 2,
    }
}

fn is_status_match(m: &ExprMatch) -> bool {
    let Expr::MethodCall(call) = &*m.expr else {
        return false;
    };
    call.method == "as_u16" && m.arms.iter().any(|a| matches!(a.pat, Pat::Range(_)))
}

impl VisitMut for Order {
    fn visit_expr_match_mut(&mut self, m: &mut ExprMatch) {
        if is_status_match(m) {
            // A stable sort keeps progenitor's order within each rank.
            m.arms.sort_by_key(|a| rank(&a.pat));
        }
        visit_mut::visit_expr_match_mut(self, m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn ranges_come_after_the_exact_statuses_they_contain() {
        let mut f: syn::File = syn::parse2(quote! {
            fn f(response: R) -> u8 {
                match response.status().as_u16() {
                    200u16 => 0,
                    400u16 => 1,
                    400u16..=499u16 => 2,
                    401u16 => 3,
                    500u16..=599u16 => 4,
                    _ => 5,
                }
            }
            fn g(x: u16) -> u8 { match x { 1 => 0, _ => 1 } }
        })
        .unwrap();
        order(&mut f);
        let text = quote!(#f).to_string().replace(' ', "");
        assert!(
            text.contains(
                "200u16=>0,400u16=>1,401u16=>3,400u16..=499u16=>2,500u16..=599u16=>4,_=>5"
            ),
            "{text}"
        );
    }
}
