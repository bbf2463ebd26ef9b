//! Go's `text/tabwriter`, as kubectl configures it, reproduced cell for cell.
//!
//! Text is split into lines and cells at `\t`; the text after a line's last tab is not
//! part of any column. Consecutive lines that share a column form a *column block*
//! whose width is the widest cell plus padding (at least `min_width`). A line with
//! fewer cells ends the block, which is why `kubectl describe` aligns each group of
//! `Key:\tvalue` lines on its own. Padding is spaces; nothing is trimmed, so a cell
//! followed by an empty last cell leaves trailing spaces exactly as kubectl does.

/// Settings of one writer.
#[derive(Clone, Copy, Debug)]
pub struct TabWriter {
    /// Minimal column width, padding included.
    pub min_width: usize,
    /// Spaces added to the widest cell.
    pub padding: usize,
}

/// `kubectl get` tables (cli-runtime `GetNewTabWriter`: min width 6, padding 3).
pub const GET: TabWriter = TabWriter {
    min_width: 6,
    padding: 3,
};
/// `kubectl describe` (`tabbedString`: min width 0, padding 2).
pub const DESCRIBE: TabWriter = TabWriter {
    min_width: 0,
    padding: 2,
};

impl TabWriter {
    /// Formats `text` (tab-separated cells, newline-terminated lines).
    pub fn format(&self, text: &str) -> String {
        let mut lines: Vec<Vec<&str>> = text.split('\n').map(|l| l.split('\t').collect()).collect();
        // A trailing newline leaves one empty last "line" that is not a real line.
        let ends_with_newline = text.ends_with('\n');
        if ends_with_newline {
            lines.pop();
        }
        let mut widths: Vec<usize> = Vec::new();
        let mut out = String::with_capacity(text.len() * 2);
        self.format_block(&lines, 0, lines.len(), &mut widths, &mut out);
        if !ends_with_newline && out.ends_with('\n') {
            out.pop();
        }
        out
    }

    fn format_block(
        &self,
        lines: &[Vec<&str>],
        mut line0: usize,
        line1: usize,
        widths: &mut Vec<usize>,
        out: &mut String,
    ) {
        let column = widths.len();
        let mut this = line0;
        while this < line1 {
            if column + 1 >= lines[this].len() {
                this += 1;
                continue;
            }
            write_lines(lines, line0, this, widths, out);
            line0 = this;
            let mut width = self.min_width;
            while this < line1 && column + 1 < lines[this].len() {
                let w = lines[this][column].chars().count() + self.padding;
                width = width.max(w);
                this += 1;
            }
            widths.push(width);
            self.format_block(lines, line0, this, widths, out);
            widths.pop();
            line0 = this;
        }
        write_lines(lines, line0, line1, widths, out);
    }
}

fn write_lines(
    lines: &[Vec<&str>],
    line0: usize,
    line1: usize,
    widths: &[usize],
    out: &mut String,
) {
    for line in &lines[line0..line1] {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if j < widths.len() {
                let w = cell.chars().count();
                for _ in w..widths[j] {
                    out.push(' ');
                }
            }
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_columns_pad_to_widest_plus_three_with_minimum_six() {
        let t = "NAME\tREADY\tAGE\nweb-abcde\t1/1\t5s\n";
        assert_eq!(
            GET.format(t),
            "NAME        READY   AGE\nweb-abcde   1/1     5s\n"
        );
    }

    #[test]
    fn a_line_without_tabs_ends_the_column_block() {
        let t = "Name:\tweb\nNamespace:\tdefault\nDesired Number of Nodes Scheduled: 3\nPods Status:\t1 Running\n";
        assert_eq!(
            DESCRIBE.format(t),
            "Name:       web\nNamespace:  default\nDesired Number of Nodes Scheduled: 3\nPods Status:  1 Running\n"
        );
    }

    #[test]
    fn empty_cells_are_padded_and_trailing_cells_are_kept_verbatim() {
        let t = "  Type\tStatus\n  Ready \tTrue \n";
        assert_eq!(DESCRIBE.format(t), "  Type    Status\n  Ready   True \n");
        let t = "a\t\tb\nxyz\t\tc\n";
        assert_eq!(DESCRIBE.format(t), "a      b\nxyz    c\n");
    }
}
