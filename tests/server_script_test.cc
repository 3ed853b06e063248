// server_script_test.cc - the `server` script and command-line parser.
#include "harness/server_script.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace harness {
namespace {

ServerStep Line(const std::string& raw) { return ParseServerLine(raw, SourceLoc{"s", 7}); }

ServerScript Script(const std::string& text) { return ParseServerScript(text, SourceLoc{"t", 10}); }

std::vector<std::string> NoteTexts(const ServerScript& script) {
  std::vector<std::string> out;
  for (const Diagnostic& d : script.notes) out.push_back(d.str());
  return out;
}

// --- escapes

TEST(ServerScriptTest, HexEscapes) {
  EXPECT_EQ("AB", UnescapeServerText("\\x41\\x42"));
  EXPECT_EQ("\x7f", UnescapeServerText("\\x7f"));
  EXPECT_EQ("\x7f", UnescapeServerText("\\x7F"));
  EXPECT_EQ(std::string("a\0b", 3), UnescapeServerText("a\\x00b"));
  EXPECT_EQ("\r\n", UnescapeServerText("\\x0d\\x0a"));
}

TEST(ServerScriptTest, OtherEscapesGiveTheCharacter) {
  EXPECT_EQ("\\", UnescapeServerText("\\\\"));
  EXPECT_EQ("r", UnescapeServerText("\\r"));  // not a CR: only \x is special
  EXPECT_EQ("n", UnescapeServerText("\\n"));
  EXPECT_EQ("\\x41", UnescapeServerText("\\\\x41"));
}

TEST(ServerScriptTest, TrailingBackslashIsDropped) {
  EXPECT_EQ("abc", UnescapeServerText("abc\\"));
}

TEST(ServerScriptTest, UncheckedHexArithmetic) {
  // server.c does not validate: ':' - '0' - 7 = 3, so "\x4:" is 0x43; 'G' - '0' - 7 = 16
  // is then taken for a lower-case letter: 16 - 32 = -16, whose bits survive the OR.
  EXPECT_EQ("C", UnescapeServerText("\\x4:"));
  EXPECT_EQ("\xf0", UnescapeServerText("\\x4G"));
  // A space is -16 as a digit: its bits survive the OR.
  EXPECT_EQ("\xf0", UnescapeServerText("\\x4 "));
}

TEST(ServerScriptTest, TruncatedHexEscape) {
  bool truncated = false;
  // One digit: server.c computes a byte from the NUL after it, then takes
  // that byte for the terminator (server_diff case 39-odd-escapes).
  EXPECT_EQ("ab", UnescapeServerText("ab\\x4", &truncated));
  EXPECT_TRUE(truncated);
  UnescapeServerText("\\x41", &truncated);
  EXPECT_FALSE(truncated);
  EXPECT_EQ("ab", UnescapeServerText("ab\\x", &truncated));
  EXPECT_TRUE(truncated);
}

// --- each directive

TEST(ServerScriptTest, SendWithCrlf) {
  ServerStep s = Line(">hello \\x41");
  EXPECT_EQ(ServerStepKind::kSend, s.kind);
  EXPECT_EQ("hello A", s.payload);
  EXPECT_EQ("\r\n", s.ending);
  EXPECT_EQ(">hello A", s.line);
  EXPECT_EQ(">hello \\x41", s.raw);
  EXPECT_EQ("s:7", s.loc.str());
}

TEST(ServerScriptTest, SendVariants) {
  ServerStep none = Line(">>no end");
  EXPECT_EQ(ServerStepKind::kSend, none.kind);
  EXPECT_EQ("no end", none.payload);
  EXPECT_EQ("", none.ending);

  ServerStep cr = Line(">CR>text");
  EXPECT_EQ("text", cr.payload);
  EXPECT_EQ("\r", cr.ending);

  ServerStep lf = Line(">LF>text");
  EXPECT_EQ("text", lf.payload);
  EXPECT_EQ("\n", lf.ending);

  ServerStep empty = Line(">");
  EXPECT_EQ(ServerStepKind::kSend, empty.kind);
  EXPECT_EQ("", empty.payload);
  EXPECT_EQ("\r\n", empty.ending);

  // "cr>" is not ">CR>": case matters.
  EXPECT_EQ("cr>x", Line(">cr>x").payload);
}

TEST(ServerScriptTest, SendKeepsNulBytes) {
  ServerStep s = Line(">a\\x00b");
  EXPECT_EQ(std::string("a\0b", 3), s.payload);
}

TEST(ServerScriptTest, CloseConnection) {
  EXPECT_EQ(ServerStepKind::kCloseConn, Line(">*eof").kind);
  EXPECT_EQ(ServerStepKind::kCloseConn, Line(">*eof and more").kind);
  // ">>*eof" sends "*eof".
  ServerStep s = Line(">>*eof");
  EXPECT_EQ(ServerStepKind::kSend, s.kind);
  EXPECT_EQ("*eof", s.payload);
}

TEST(ServerScriptTest, DigitLineIsAReply) {
  ServerStep s = Line("250 OK \\x41");
  EXPECT_EQ(ServerStepKind::kReply, s.kind);
  EXPECT_EQ("250 OK A", s.payload);
  // An escape can make the digit.
  EXPECT_EQ(ServerStepKind::kReply, Line("\\x32\\x35\\x30 x").kind);
  // Sent only up to a NUL.
  EXPECT_EQ("25", Line("25\\x000").payload);
}

TEST(ServerScriptTest, Sleep) {
  ServerStep s = Line("*sleep 3");
  EXPECT_EQ(ServerStepKind::kSleep, s.kind);
  EXPECT_EQ(3, s.number);
  EXPECT_EQ(0, Line("*sleep x").number);
  EXPECT_EQ(2, Line("*sleep  2s").number);
  // Without the space it is not a directive.
  EXPECT_EQ(ServerStepKind::kExpect, Line("*sleep").kind);
  EXPECT_EQ(ServerStepKind::kExpect, Line("*sleep2").kind);
}

TEST(ServerScriptTest, Data) {
  ServerStep s = Line("*data 100");
  EXPECT_EQ(ServerStepKind::kData, s.kind);
  EXPECT_EQ(100, s.number);
  EXPECT_EQ(-4, Line("*data -4").number);
  EXPECT_EQ(ServerStepKind::kExpect, Line("*data").kind);
}

TEST(ServerScriptTest, ExpectEof) {
  ServerStep s = Line("*eof");
  EXPECT_EQ(ServerStepKind::kExpectEof, s.kind);
  EXPECT_EQ(0, s.offset);
  EXPECT_EQ(ServerStepKind::kExpectEof, Line("*eofx").kind);
}

TEST(ServerScriptTest, ExpectDataDot) {
  EXPECT_EQ(ServerStepKind::kExpectData, Line(".").kind);
  EXPECT_EQ(ServerStepKind::kExpect, Line("..").kind);
  EXPECT_EQ(ServerStepKind::kExpect, Line("<.").kind);
  // strcmp stops at a NUL.
  EXPECT_EQ(ServerStepKind::kExpectData, Line(".\\x00x").kind);
}

TEST(ServerScriptTest, ExpectOffsets) {
  ServerStep plain = Line("EHLO");
  EXPECT_EQ(ServerStepKind::kExpect, plain.kind);
  EXPECT_EQ(0, plain.offset);
  EXPECT_EQ("EHLO", plain.line);

  ServerStep one = Line("<250 digits");
  EXPECT_EQ(ServerStepKind::kExpect, one.kind);
  EXPECT_EQ(1, one.offset);
  EXPECT_EQ("<250 digits", one.line);  // the '<' stays in the compared text

  ServerStep two = Line("<<raw");
  EXPECT_EQ(2, two.offset);
  EXPECT_EQ(2, Line("<<<x").offset);

  ServerStep empty = Line("");
  EXPECT_EQ(ServerStepKind::kExpect, empty.kind);
  EXPECT_EQ("", empty.line);
}

// --- reading a whole script

TEST(ServerScriptTest, ScriptLinesAndNumbers) {
  ServerScript s = Script("220 hi\nEHLO\n250 ok\n++++\n");
  ASSERT_EQ(3u, s.steps.size());
  EXPECT_TRUE(s.terminated);
  EXPECT_TRUE(s.line_mode);
  EXPECT_EQ("t:10", s.steps[0].loc.str());
  EXPECT_EQ("t:11", s.steps[1].loc.str());
  EXPECT_EQ("t:12", s.steps[2].loc.str());
  EXPECT_TRUE(s.notes.empty());
}

TEST(ServerScriptTest, PlusLineEndsTheScript) {
  ServerScript s = Script("220 a\n++++\n220 b\n>x\n");
  ASSERT_EQ(1u, s.steps.size());
  EXPECT_TRUE(s.terminated);
  EXPECT_EQ(2, s.ignored_lines);
  // Trailing white space is removed before the comparison.
  EXPECT_TRUE(Script("++++ \r\n").terminated);
  EXPECT_FALSE(Script("+++++\n").terminated);
}

TEST(ServerScriptTest, EndOfFileEndsTheScriptToo) {
  ServerScript s = Script("220 a\nQUIT");
  ASSERT_EQ(2u, s.steps.size());
  EXPECT_FALSE(s.terminated);
  EXPECT_EQ("QUIT", s.steps[1].line);
  EXPECT_TRUE(Script("").steps.empty());
}

TEST(ServerScriptTest, TrailingWhiteSpaceRemoved) {
  ServerScript s = Script("220 x \t\r\n>y  \n");
  EXPECT_EQ("220 x", s.steps[0].payload);
  EXPECT_EQ("y", s.steps[1].payload);
  // Leading white space stays.
  EXPECT_EQ("  lead", Script("  lead\n").steps[0].line);
}

TEST(ServerScriptTest, DoubleArrowSwitchesTheWholeScriptToRawReads) {
  EXPECT_TRUE(Script("EHLO\n>x\n").line_mode);
  EXPECT_FALSE(Script("EHLO\n250 ok\n>>partial\n").line_mode);
  // Decided on the line as read, before escapes.
  EXPECT_TRUE(Script(">\\x3e\n").line_mode);
  // A ">>" after "++++" is never read.
  EXPECT_TRUE(Script("++++\n>>x\n").line_mode);
}

TEST(ServerScriptTest, LongLinesAreSplitAsFgetsDoes) {
  std::string text = std::string(10239, 'a') + "bcd\nnext\n";
  ServerScript s = Script(text);
  ASSERT_EQ(3u, s.steps.size());
  EXPECT_EQ(std::string(10239, 'a'), s.steps[0].line);
  EXPECT_EQ("bcd", s.steps[1].line);
  EXPECT_EQ("t:10", s.steps[1].loc.str());  // the same input line
  EXPECT_EQ("t:11", s.steps[2].loc.str());
  EXPECT_EQ(std::vector<std::string>{"t:10: line longer than 10239 bytes: server.c reads it as several lines"},
            NoteTexts(s));
}

TEST(ServerScriptTest, NulEndsTheLineContent) {
  ServerScript s = Script(std::string("220 a\0junk\nEHLO\n", 16));
  ASSERT_EQ(2u, s.steps.size());
  EXPECT_EQ("220 a", s.steps[0].payload);
  EXPECT_EQ(std::vector<std::string>{"t:10: NUL byte in the line: the rest of the line is ignored"},
            NoteTexts(s));
}

// --- notes: accepted, but probably not what was meant

TEST(ServerScriptTest, NotesNameTheLine) {
  ServerScript s = Script(
      "220 ok\n"         // 10
      "*sleep x\n"       // 11
      "*data\n"          // 12
      ">*eof now\n"      // 13
      ">\\x4\n"          // 14
      "\\xZZ\n"          // 15
      "25\\x00x\n"       // 16
      "*data 2k\n");     // 17
  std::vector<std::string> expected = {
      "t:11: \"x\" is not a number: 0 is used",
      "t:12: \"*data\" is not *sleep N, *data N or *eof: it is a line the client is expected to send",
      "t:13: the text after \">*eof\" is ignored",
      "t:14: \\x escape without two hex digits at the end of the line",
      "t:15: \\x escape with a non-hex digit: \"\\xZZ\" is not what it seems",
      "t:16: a reply line is sent only up to its first NUL byte",
      "t:17: \"2k\" is not a number: 2 is used",
  };
  EXPECT_EQ(expected, NoteTexts(s));
}

TEST(ServerScriptTest, NoNotesForOrdinaryScripts) {
  ServerScript s = Script(
      "220 Greetings\nEHLO\n250-Hello\n250 OK\n<250 digits\n<<raw\n.\n*sleep 1\n*data 10\n"
      ">CR>x\n>LF>y\n>\\x41\\\\\n*eof\n>*eof\n++++\n");
  EXPECT_TRUE(s.notes.empty()) << NoteTexts(s)[0];
}

// --- the command line

struct Args {
  bool serve;
  ServerOptions options;
  ServerEarlyExit early;
};

Args ParseArgs(const std::vector<std::string>& args) {
  Args a;
  a.serve = ParseServerArgs("./bin/server", args, &a.options, &a.early);
  return a;
}

TEST(ServerArgsTest, Defaults) {
  Args a = ParseArgs({"1224"});
  ASSERT_TRUE(a.serve);
  EXPECT_EQ(1224, a.options.port);
  EXPECT_EQ("", a.options.socket_path);
  EXPECT_EQ(5, a.options.timeout);
  EXPECT_FALSE(a.options.timeout_is_success);
  EXPECT_EQ(1, a.options.connections);
  EXPECT_TRUE(a.options.ipv4);
  EXPECT_TRUE(a.options.ipv6);
  EXPECT_FALSE(a.options.debug);
  EXPECT_EQ("", a.options.pidfile);
}

TEST(ServerArgsTest, EveryOption) {
  Args a = ParseArgs({"-d", "-tfo", "-t", "10", "-i", "2", "-noipv6", "-oP", "/x/pid", "1225", "3", "ignored"});
  ASSERT_TRUE(a.serve);
  EXPECT_TRUE(a.options.debug);
  EXPECT_TRUE(a.options.tcp_fast_open);
  EXPECT_EQ(10, a.options.timeout);
  EXPECT_EQ(2, a.options.initial_pause);
  EXPECT_TRUE(a.options.ipv4);
  EXPECT_FALSE(a.options.ipv6);
  EXPECT_EQ("/x/pid", a.options.pidfile);
  EXPECT_EQ(1225, a.options.port);
  EXPECT_EQ(3, a.options.connections);
}

TEST(ServerArgsTest, NegativeTimeoutMeansSuccess) {
  Args a = ParseArgs({"-t", "-3", "1224"});
  ASSERT_TRUE(a.serve);
  EXPECT_EQ(3, a.options.timeout);
  EXPECT_TRUE(a.options.timeout_is_success);
}

TEST(ServerArgsTest, UnixSocket) {
  Args a = ParseArgs({"-noipv4", "/tmp/sock", "2"});
  ASSERT_TRUE(a.serve);
  EXPECT_EQ("/tmp/sock", a.options.socket_path);
  EXPECT_EQ(2, a.options.connections);
}

TEST(ServerArgsTest, Help) {
  for (const char* flag : {"-h", "--help"}) {
    Args a = ParseArgs({flag});
    ASSERT_FALSE(a.serve);
    EXPECT_EQ(0, a.early.exit_code);
    EXPECT_EQ(0u, a.early.stdout_text.find("Usage: ./bin/server [options] port|socket [connection count]\n"
                                           "Options\n\t-d       debug\n"));
  }
  // Only as the first word.
  Args late = ParseArgs({"-d", "-h"});
  EXPECT_EQ("server: unknown option -h, try -h or --help\n", late.early.stdout_text);
}

TEST(ServerArgsTest, Errors) {
  auto error = [](const std::vector<std::string>& args) {
    Args a = ParseArgs(args);
    EXPECT_FALSE(a.serve);
    EXPECT_EQ(1, a.early.exit_code);
    return a.early.stdout_text;
  };
  EXPECT_EQ("server: unknown option -x, try -h or --help\n", error({"-x", "1224"}));
  EXPECT_EQ("server: -noipv4 and -noipv6 cannot both be given\n", error({"-noipv4", "-noipv6", "1224"}));
  EXPECT_EQ("server: no port number or socket name given\n", error({}));
  EXPECT_EQ("server: no port number or socket name given\n", error({"-d"}));
  // Deliberate differences (server.c crashes or listens on a socket "(null)"):
  EXPECT_EQ("server: option -t needs a value\n", error({"-t"}));
  EXPECT_EQ("server: option -i needs a value\n", error({"-i"}));
  EXPECT_EQ("server: no port number or socket name given\n", error({"-oP"}));  // as server.c
  EXPECT_EQ("server: -noipv4 and -noipv6 cannot both be given\n", error({"-noipv4", "-noipv6", "-oP"}));
  EXPECT_EQ("server: bad port number \"abc\"\n", error({"abc"}));
  EXPECT_EQ("server: bad port number \"0\"\n", error({"0"}));
}

// --- printit

TEST(ServerPrintableTest, EscapesAsServerCDoes) {
  EXPECT_EQ(">abc\n", ServerPrintable(">abc"));
  EXPECT_EQ("a\\\\b\n", ServerPrintable("a\\b"));
  EXPECT_EQ("\\x0d\\x0a\\x00\\x7f\\xff~\n", ServerPrintable(std::string("\r\n\0\x7f\xff~", 6)));
}

}  // namespace
}  // namespace harness
