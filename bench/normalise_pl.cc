// normalise_pl.cc - writes the Perl port of the normaliser's rule table
// (harness/normalise_rules.cc) from the table: each pattern rule becomes a
// prefiltered s/// (or a `next LINE` for a drop rule), each code rule its Perl
// port, in table order with the same stream masks. bench/run (figure 5)
// generates it and runs it as the baseline against harness::Normaliser, after
// checking that both give byte-identical output.
//
//   normalise_pl                   print the script
//   normalise_pl --check-examples  run the script (perl) on every example of
//                                  the table and compare with the Normaliser;
//                                  exit 1 on any difference (CTest)
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "harness/normalise_rules.h"
#include "harness/normaliser.h"

namespace {

using harness::normalise::Prefilter;
using harness::normalise::Rule;

// A Perl single-quoted string literal of \a text.
std::string Quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

// An RE2 rewrite string as the replacement part of a Perl s/.../.../.
std::string PerlReplacement(std::string_view rewrite) {
  std::string out;
  for (std::size_t i = 0; i < rewrite.size(); ++i) {
    char c = rewrite[i];
    if (c == '\\' && i + 1 < rewrite.size()) {
      char n = rewrite[++i];
      if (n >= '0' && n <= '9') {
        out += "${";
        out += n;
        out += '}';
      } else {
        out += '\\';
        out += n;
      }
    } else if (c == '\\' || c == '$' || c == '@' || c == '/') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

bool HasPlaceholder(std::string_view text) { return text.find("${") != std::string_view::npos; }

const char kPreamble[] = R"PL(#!/usr/bin/perl
# normalise.pl - GENERATED from harness/normalise_rules.cc by bench/normalise_pl.cc
# (build/bin/normalise_pl > normalise.pl).
#
# The normaliser's rule table as a Perl s/// loop, in the same order with the
# same stream masks and prefilters: the baseline of bench/run's figure 5.
#
#   perl normalise.pl --stream stderr --hostname H --run-dir D --caller C
#        --caller-uid N --caller-gid N --caller-home P --exim-user U
#        --exim-uid N --exim-gid N --ports A:G,A:G,... [--ipv6-test] < in > out
use strict;
use warnings;
no warnings 'uninitialized';
use Getopt::Long;
use MIME::Base64 ();

# The options are read at compile time, so that the stream and IPv6 flags are
# constants and Perl folds away the rules of other streams.
my (%o, %ctx);
BEGIN {
  %o = (stream => 'stderr', hostname => '', 'run-dir' => '', caller => '', 'caller-uid' => 0,
        'caller-gid' => 0, 'caller-home' => '', 'exim-user' => '', 'exim-uid' => 0, 'exim-gid' => 0,
        ports => '', 'ipv6-test' => 0);
  GetOptions(\%o, 'stream=s', 'hostname=s', 'run-dir=s', 'caller=s', 'caller-uid=i', 'caller-gid=i',
             'caller-home=s', 'exim-user=s', 'exim-uid=i', 'exim-gid=i', 'ports=s', 'ipv6-test')
    or die "normalise.pl: bad options\n";
  %ctx = (run_dir => $o{'run-dir'}, hostname => $o{hostname}, caller => $o{caller},
          caller_home => $o{'caller-home'}, caller_uid => $o{'caller-uid'},
          caller_gid => $o{'caller-gid'}, exim_user => $o{'exim-user'},
          exim_uid => $o{'exim-uid'}, exim_gid => $o{'exim-gid'});
}
use constant S => {log => 1, rejectlog => 2, paniclog => 4, stdout => 8, stderr => 16,
                   dovecot => 32}->{$o{stream}} || die "normalise.pl: unknown stream $o{stream}\n";
use constant IPV6_TEST => $o{'ipv6-test'} ? 1 : 0;
my (%golden_of, %is_golden);
for (split /,/, $o{ports}) {
  my ($a, $g) = split /:/;
  $golden_of{$a} //= $g;    # the first pair wins
  $is_golden{$g} = 1;
}

# State (normalise::State).
my %msgid;
my $next_msgid = 'aX';
my %eport;
my $next_port = 1111;
my $spid = '';
my $skipping_indented = 0;

# A table pattern with its ${name} placeholders replaced by the quoted
# context value; undef (rule off) when a value is empty.
sub pattern {
  my ($p, $quote) = @_;
  my $ok = 1;
  $p =~ s/\$\{(\w+)\}/my $v = $ctx{$1}; $ok = 0 unless length $v; $quote ? quotemeta($v) : $v/ge;
  return undef unless $ok;
  return $quote ? qr/$p/a : $p;
}

# Helpers of the code rules.
sub msgid_repl {
  my $id = shift;
  return $msgid{$id} //= do { my $seq = $next_msgid++; "10Hm$seq-0005vi-00" };
}
sub golden { my $d = shift; return $d if length($d) > 5; my $v = $d + 0; return exists $golden_of{$v} ? $golden_of{$v} : $d }
sub is_golden_port { my $d = shift; return 0 if length($d) > 5; return $is_golden{$d + 0} ? 1 : 0 }
sub renumber_at {
  my $p = shift;
  return unless substr($_, $p) =~ /^(\d++)(?!\w)/a;
  my $d = $1;
  return if is_golden_port($d);
  substr($_, $p, length $d) = ($eport{$d} //= $next_port++);
}
my $fixed_cram = MIME::Base64::encode_base64('<1896.697170952@postoffice.reston.mci.net>', '');
sub cram_challenge {
  my $out = '';
  my $line = $_;
  while (length $line) {
    if ($line =~ s/\A(\t|\\t| )//) { $out .= $1; next }
    $line =~ s/\A((?:(?!\\t)[^ \t])+)//;
    my $tok = $1;
    if (length($tok) >= 8 && length($tok) % 4 == 0 && $tok =~ /\A[A-Za-z0-9+\/]*={0,2}\z/) {
      my $d = MIME::Base64::decode_base64($tok);
      $tok = $fixed_cram if $d =~ /\A<[A-Za-z0-9]+\.[A-Za-z0-9]+\@[^<>\s]+>\z/a;
    }
    $out .= $tok;
  }
  $_ = $out;
}

)PL";

std::string Generate() {
  std::ostringstream vars, loop;
  int n = 0;
  for (const Rule& rule : harness::normalise::Rules()) {
    ++n;
    std::string id = std::to_string(n);
    std::ostringstream cond;
    cond << "(S & " << rule.streams << ")";
    if (rule.not_in_ipv6_test) cond << " && !IPV6_TEST";
    Prefilter prefilter(rule.prefilter);
    switch (prefilter.kind()) {
      case Prefilter::Kind::kNone: break;
      case Prefilter::Kind::kFirstCharIn:
        cond << " && length && index(" << Quoted(prefilter.chars()) << ", substr($_, 0, 1)) >= 0";
        break;
      case Prefilter::Kind::kAny: {
        std::vector<std::string> tests;
        for (const Prefilter::Literal& alt : prefilter.alternatives()) {
          std::string lit = Quoted(alt.text);
          if (HasPlaceholder(alt.text)) {  // expanded once, at the start
            std::string var = "$lit_" + id + "_" + std::to_string(tests.size());
            vars << "my " << var << " = pattern(" << lit << ", 0);\n";
            cond << " && defined " << var;
            lit = var;
          }
          if (!alt.anchored) {
            tests.push_back("index($_, " + lit + ") >= 0");
          } else if (HasPlaceholder(alt.text)) {
            tests.push_back("index($_, " + lit + ") == 0");
          } else if (alt.text.find('#') == std::string::npos) {
            tests.push_back("substr($_, 0, " + std::to_string(alt.text.size()) + ") eq " + lit);
          } else {
            std::string re;
            for (char c : alt.text) {
              bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
              re += c == '#' ? std::string("\\d") : alnum ? std::string(1, c) : std::string("\\") + c;
            }
            tests.push_back("/\\A" + re + "/a");
          }
        }
        cond << " && ";
        if (tests.size() > 1) cond << "(";
        for (std::size_t i = 0; i < tests.size(); ++i) cond << (i ? " || " : "") << tests[i];
        if (tests.size() > 1) cond << ")";
        break;
      }
    }
    std::string body;
    if (rule.code) {
      body = std::string(rule.perl);
    } else {
      vars << "my $re_" << id << " = pattern(" << Quoted(rule.pattern) << ", 1);\n";
      if (HasPlaceholder(rule.pattern)) cond << " && defined $re_" << id;
      if (rule.replacement == harness::normalise::kDropLine)
        body = "next LINE if /$re_" + id + "/;";
      else
        body = "s/$re_" + id + "/" + PerlReplacement(rule.replacement) + "/g;";
    }
    loop << "  # " << rule.name << "\n  if (" << cond.str() << ") {\n";
    std::istringstream lines(body);
    for (std::string l; std::getline(lines, l);) loop << "    " << l << "\n";
    loop << "  }\n";
  }
  return std::string(kPreamble) + "# The table's patterns.\n" + vars.str() +
         "\nbinmode STDIN;\nbinmode STDOUT;\nLINE: while (<STDIN>) {\n  my $nl = chomp;\n" +
         loop.str() + "  print $nl ? \"$_\\n\" : $_;\n}\n";
}

}  // namespace

// Runs the generated script on every example of the table, as the example's
// stream with ExampleContext(), and compares with the Normaliser's output.
int CheckExamples(const std::string& script_text) {
  const std::string script = "normalise-examples.pl", in = "normalise-example.in",
                    out = "normalise-example.out";
  {
    std::ofstream f(script, std::ios::binary);
    f << script_text;
  }
  harness::NormaliseContext ctx = harness::normalise::ExampleContext();
  std::string ports;
  for (const auto& p : ctx.ports)
    ports += (ports.empty() ? "" : ",") + std::to_string(p.first) + ":" + std::to_string(p.second);
  const std::string args = " --hostname " + ctx.hostname + " --run-dir " + ctx.run_dir +
                           " --caller " + ctx.caller + " --caller-uid " +
                           std::to_string(ctx.caller_uid) + " --caller-gid " +
                           std::to_string(ctx.caller_gid) + " --caller-home " + ctx.caller_home +
                           " --exim-user " + ctx.exim_user + " --exim-uid " +
                           std::to_string(ctx.exim_uid) + " --exim-gid " +
                           std::to_string(ctx.exim_gid) + " --ports " + ports;
  int failures = 0, checked = 0;
  for (const Rule& rule : harness::normalise::Rules()) {
    for (int i = 0; i < 2; ++i) {
      const harness::normalise::Example& example = rule.examples[i];
      if (i > 0 && example.input.empty()) continue;
      const harness::Stream stream = harness::normalise::FirstStream(rule.streams);
      const std::string raw = std::string(example.input) + "\n";
      {
        std::ofstream f(in, std::ios::binary);
        f << raw;
      }
      std::string command = "perl " + script + " --stream " + harness::StreamName(stream) + args +
                            " < " + in + " > " + out;
      if (std::system(command.c_str()) != 0) {
        std::cerr << "normalise_pl: " << command << " failed\n";
        return 1;
      }
      std::ifstream f(out, std::ios::binary);
      std::ostringstream perl;
      perl << f.rdbuf();
      harness::Normaliser normaliser(harness::normalise::ExampleContext());
      std::string cxx = normaliser.Normalise(raw, stream);
      ++checked;
      if (perl.str() != cxx) {
        ++failures;
        std::cerr << "rule " << rule.name << " example " << i + 1 << " (" << StreamName(stream)
                  << "):\n  C++:  " << cxx << "  Perl: " << perl.str();
      }
    }
  }
  std::remove(in.c_str());
  std::remove(out.c_str());
  std::remove(script.c_str());
  std::cout << checked << " examples, " << failures << " differ between the Perl port and the Normaliser\n";
  return failures == 0 ? 0 : 1;
}

int main(int argc, char** argv) {
  std::string text = Generate();
  if (argc == 1) {
    std::cout << text;
    return 0;
  }
  if (argc == 2 && std::string_view(argv[1]) == "--check-examples") return CheckExamples(text);
  std::cerr << "usage: normalise_pl [--check-examples]\n";
  return 2;
}
