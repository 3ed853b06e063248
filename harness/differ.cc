// differ.cc - Myers' O(ND) line diff and unified-diff formatting.
#include "harness/differ.h"
#include "harness/text.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <utility>

namespace harness {
namespace {

// A line of input: the view includes the "\n" when there is one, so that a
// missing final newline makes two lines unequal.
struct Line {
  std::string_view with_terminator;
  bool has_newline() const {
    return !with_terminator.empty() && with_terminator.back() == '\n';
  }
  std::string_view text() const {
    return has_newline() ? with_terminator.substr(0, with_terminator.size() - 1)
                         : with_terminator;
  }
};

std::vector<Line> SplitLines(std::string_view s) {
  std::vector<Line> lines;
  for (std::string_view line : text::SplitLinesKeepEnds(s)) lines.push_back(Line{line});
  return lines;
}

enum class Op { kEqual, kDelete, kInsert };

// Myers' greedy forward search over a[0,n) and b[0,m) (interned line ids),
// keeping the V band of every step for the backtrack. Appends the edit script
// to \a ops. Returns false (and appends nothing) if the cap is exceeded.
bool Myers(const int* a, int n, const int* b, int m, std::size_t max_cells,
           std::vector<Op>* ops) {
  const int max_d = n + m;
  std::vector<std::vector<int>> trace;  // trace[d][k + d] = furthest x on diagonal k
  std::size_t cells = 0;
  int final_d = -1;
  for (int d = 0; d <= max_d; ++d) {
    cells += 2 * static_cast<std::size_t>(d) + 1;
    if (cells > max_cells) return false;
    std::vector<int> v(2 * d + 1);
    const std::vector<int>* prev = d > 0 ? &trace[d - 1] : nullptr;
    auto prev_at = [&](int k) { return (*prev)[k + d - 1]; };
    bool done = false;
    for (int k = -d; k <= d; k += 2) {
      int x;
      if (d == 0) {
        x = 0;
      } else if (k == -d || (k != d && prev_at(k - 1) < prev_at(k + 1))) {
        x = prev_at(k + 1);  // down: insert b[y]
      } else {
        x = prev_at(k - 1) + 1;  // right: delete a[x]
      }
      int y = x - k;
      while (x < n && y < m && a[x] == b[y]) {
        ++x;
        ++y;
      }
      v[k + d] = x;
      if (x >= n && y >= m) done = true;
    }
    trace.push_back(std::move(v));
    if (done) {
      final_d = d;
      break;
    }
  }

  // Backtrack from (n, m), collecting the script in reverse.
  std::vector<Op> rev;
  int x = n, y = m;
  for (int d = final_d; d > 0; --d) {
    const std::vector<int>& prev = trace[d - 1];
    auto prev_at = [&](int k) { return prev[k + d - 1]; };
    int k = x - y;
    bool down = k == -d || (k != d && prev_at(k - 1) < prev_at(k + 1));
    int prev_k = down ? k + 1 : k - 1;
    int prev_x = prev_at(prev_k);
    int prev_y = prev_x - prev_k;
    int mid_x = down ? prev_x : prev_x + 1;
    int mid_y = down ? prev_y + 1 : prev_y;
    while (x > mid_x && y > mid_y) {
      rev.push_back(Op::kEqual);
      --x;
      --y;
    }
    rev.push_back(down ? Op::kInsert : Op::kDelete);
    x = prev_x;
    y = prev_y;
  }
  while (x > 0 && y > 0) {
    rev.push_back(Op::kEqual);
    --x;
    --y;
  }
  ops->insert(ops->end(), rev.rbegin(), rev.rend());
  return true;
}

// Myers may split one change into two groups when a line repeats, e.g.
// "+c5 =l29 -l29" instead of "-l29 +c5". Like GNU diff's shift_boundaries
// (simplified), every pure run of deletions (or insertions) bounded by equal
// lines may slide over equal lines that repeat it: it goes where it touches
// another change (the lowest such place), else as far down as it can.
// pos_a/pos_b hold the positions before each op and are kept up to date.
void ShiftToMerge(std::vector<Op>* ops, std::vector<int>* pos_a, std::vector<int>* pos_b,
                  const std::vector<int>& ia, const std::vector<int>& ib) {
  std::vector<Op>& o = *ops;
  const int total = static_cast<int>(o.size());
  auto fix_positions = [&](int from, int to) {  // recompute pos for ops [from, to]
    for (int t = std::max(from, 1); t <= to && t <= total; ++t) {
      (*pos_a)[t] = (*pos_a)[t - 1] + (o[t - 1] != Op::kInsert);
      (*pos_b)[t] = (*pos_b)[t - 1] + (o[t - 1] != Op::kDelete);
    }
  };
  int i = 0;
  while (i < total) {
    if (o[i] == Op::kEqual) {
      ++i;
      continue;
    }
    const Op kind = o[i];
    int j = i;
    while (j < total && o[j] == kind) ++j;
    if (i == 0 || o[i - 1] != Op::kEqual || (j < total && o[j] != Op::kEqual)) {
      i = j;
      continue;
    }
    const std::vector<int>& lines = kind == Op::kDelete ? ia : ib;
    const std::vector<int>& pos = kind == Op::kDelete ? *pos_a : *pos_b;
    const int len = j - i;
    const int p = pos[i];  // first line of the run in its own file
    int up = 0;            // steps it can move up
    while (i - up - 1 >= 0 && o[i - up - 1] == Op::kEqual &&
           lines[p - up - 1] == lines[p - up + len - 1])
      ++up;
    int down = 0;          // steps it can move down
    while (j + down < total && o[j + down] == Op::kEqual &&
           lines[p + down] == lines[p + down + len])
      ++down;
    if (up == 0 && down == 0) {
      i = j;
      continue;
    }
    // Choose the lowest offset where the run touches another change.
    int best = down;
    for (int off = down; off >= -up; --off) {
      int s = i + off, e = j + off;
      bool touches = (s - 1 >= 0 && off == -up && o[s - 1] != Op::kEqual) ||
                     (e < total && off == down && o[e] != Op::kEqual);
      if (touches) {
        best = off;
        break;
      }
    }
    if (best != 0) {
      int s = i + best;
      for (int t = std::min(i, s); t < std::max(j, j + best); ++t) o[t] = Op::kEqual;
      for (int t = s; t < s + len; ++t) o[t] = kind;
      fix_positions(std::min(i, s), std::max(j, j + best));
    }
    i = std::max(j, j + best);
  }
}

// Within every run of changes, put deletions before insertions (as diff -u
// shows them).
void GroupChanges(std::vector<Op>* ops) {
  std::size_t i = 0;
  while (i < ops->size()) {
    if ((*ops)[i] == Op::kEqual) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < ops->size() && (*ops)[j] != Op::kEqual) ++j;
    std::stable_partition(ops->begin() + i, ops->begin() + j,
                          [](Op op) { return op == Op::kDelete; });
    i = j;
  }
}

std::string Range(int start0, int count) {
  if (count == 0) return std::to_string(start0) + ",0";
  if (count == 1) return std::to_string(start0 + 1);
  return std::to_string(start0 + 1) + "," + std::to_string(count);
}

void AppendLine(std::string* out, const DiffLine& l) {
  *out += l.op;
  *out += l.text;
  *out += '\n';
  if (!l.has_newline) *out += "\\ No newline at end of file\n";
}

}  // namespace

std::string DiffHunk::Header() const {
  // Starts are stored 1-based; Range() wants the 0-based start for non-empty
  // ranges and the line before for empty ones.
  int e0 = expected_count == 0 ? expected_start : expected_start - 1;
  int a0 = actual_count == 0 ? actual_start : actual_start - 1;
  return "@@ -" + Range(e0, expected_count) + " +" + Range(a0, actual_count) + " @@";
}

DiffResult Diff(std::string_view expected, std::string_view actual, const DiffOptions& options) {
  DiffResult result;
  if (expected == actual) return result;
  result.equal = false;

  std::vector<Line> a = SplitLines(expected);
  std::vector<Line> b = SplitLines(actual);

  // Intern lines so that the search compares ints.
  std::unordered_map<std::string_view, int> ids;
  std::vector<int> ia(a.size()), ib(b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    ia[i] = ids.emplace(a[i].with_terminator, static_cast<int>(ids.size())).first->second;
  for (std::size_t i = 0; i < b.size(); ++i)
    ib[i] = ids.emplace(b[i].with_terminator, static_cast<int>(ids.size())).first->second;

  // Common prefix and suffix need no search.
  int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  int prefix = 0;
  while (prefix < n && prefix < m && ia[prefix] == ib[prefix]) ++prefix;
  int suffix = 0;
  while (suffix < n - prefix && suffix < m - prefix &&
         ia[n - 1 - suffix] == ib[m - 1 - suffix])
    ++suffix;

  std::vector<Op> ops(prefix, Op::kEqual);
  int mn = n - prefix - suffix, mm = m - prefix - suffix;
  if (!Myers(ia.data() + prefix, mn, ib.data() + prefix, mm, options.max_cells, &ops)) {
    result.approximate = true;
    ops.insert(ops.end(), mn, Op::kDelete);
    ops.insert(ops.end(), mm, Op::kInsert);
  }
  ops.insert(ops.end(), suffix, Op::kEqual);

  // Positions (0-based) in a and b before each op.
  std::vector<int> pos_a(ops.size() + 1), pos_b(ops.size() + 1);
  auto compute_positions = [&] {
    for (std::size_t i = 0; i < ops.size(); ++i) {
      pos_a[i + 1] = pos_a[i] + (ops[i] != Op::kInsert);
      pos_b[i + 1] = pos_b[i] + (ops[i] != Op::kDelete);
    }
  };
  compute_positions();
  if (!result.approximate) ShiftToMerge(&ops, &pos_a, &pos_b, ia, ib);
  GroupChanges(&ops);
  compute_positions();

  // Group changes into hunks with `context` lines around them.
  const int ctx = std::max(0, options.context);
  const int total = static_cast<int>(ops.size());
  int i = 0;
  bool first = true;
  while (i < total) {
    if (ops[i] == Op::kEqual) {
      ++i;
      continue;
    }
    if (first) {
      result.first_expected_line = pos_a[i] + 1;
      result.first_actual_line = pos_b[i] + 1;
      first = false;
    }
    int start = std::max(0, i - ctx);
    int last_change = i;
    int j = i;
    while (j < total) {
      if (ops[j] != Op::kEqual) {
        last_change = j;
        ++j;
        continue;
      }
      // An equal run: does another change follow within 2*ctx lines?
      int k = j;
      while (k < total && ops[k] == Op::kEqual) ++k;
      if (k < total && k - j <= 2 * ctx) {
        j = k;
        continue;
      }
      break;
    }
    int end = std::min(total, last_change + 1 + ctx);

    DiffHunk hunk;
    for (int t = start; t < end; ++t) {
      DiffLine l;
      const Line* src;
      if (ops[t] == Op::kInsert) {
        l.op = '+';
        src = &b[pos_b[t]];
        l.actual_line = pos_b[t] + 1;
        ++hunk.actual_count;
      } else {
        l.op = ops[t] == Op::kDelete ? '-' : ' ';
        src = &a[pos_a[t]];
        l.expected_line = pos_a[t] + 1;
        ++hunk.expected_count;
        if (ops[t] == Op::kEqual) {
          l.actual_line = pos_b[t] + 1;
          ++hunk.actual_count;
          // Equal lines are byte-identical, so src's terminator is right.
        }
      }
      l.text = std::string(src->text());
      l.has_newline = src->has_newline();
      hunk.lines.push_back(std::move(l));
    }
    // Empty ranges use the line before (0-based position); otherwise 1-based.
    hunk.expected_start = hunk.expected_count == 0 ? pos_a[start] : pos_a[start] + 1;
    hunk.actual_start = hunk.actual_count == 0 ? pos_b[start] : pos_b[start] + 1;
    result.hunks.push_back(std::move(hunk));
    i = end;
  }

  std::string& out = result.unified;
  out += "--- " + options.expected_label + "\n";
  out += "+++ " + options.actual_label + "\n";
  for (const DiffHunk& h : result.hunks) {
    out += h.Header();
    out += '\n';
    for (const DiffLine& l : h.lines) AppendLine(&out, l);
  }
  result.summary =
      options.expected_label + ":" + std::to_string(result.first_expected_line) +
      ": first difference";
  return result;
}

}  // namespace harness
