// script_parser_test.cc - ParseScript / ParseScriptFile / EscapeForDisplay.

#include "harness/script.h"

#include <gtest/gtest.h>

#include <string>

namespace harness {
namespace {

const char kFile[] = "scripts/3650-Dovecot/3650";

// what() of the HarnessError ParseScript throws, or "no error".
std::string ErrorOf(std::string_view text, const std::string& file = kFile) {
  try {
    ParseScript(text, file);
  } catch (const HarnessError& e) {
    return e.what();
  }
  return "no error";
}

bool AllPrintable(const std::string& s) {
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) return false;
  }
  return true;
}

TEST(ScriptParser, RealScript3650) {
  std::string path = TESTS_SOURCE_DIR "/../scripts/3650-Dovecot/3650";
  Script s = ParseScriptFile(path);
  EXPECT_EQ(path, s.file);
  EXPECT_EQ("Dovecot authentication (server only)", s.title);
  ASSERT_EQ(3u, s.commands.size());

  const Command& exim = s.commands[0];
  EXPECT_EQ(CommandKind::kExim, exim.kind);
  EXPECT_EQ("exim", exim.name);
  EXPECT_EQ("exim -DSERVER=server -bd -oX PORT_D", exim.line);
  EXPECT_EQ((std::vector<std::string>{"-DSERVER=server", "-bd", "-oX", "PORT_D"}), exim.args);
  EXPECT_EQ("-DSERVER=server -bd -oX PORT_D", exim.exim.args);
  EXPECT_EQ("", exim.exim.env_assignment);
  EXPECT_EQ(-1, exim.exim.wait_seconds);
  EXPECT_FALSE(exim.exim.sudo);
  EXPECT_EQ("", exim.exim.suffix);
  EXPECT_TRUE(exim.has_data);
  EXPECT_TRUE(exim.data.empty());
  EXPECT_EQ(path, exim.loc.file);
  EXPECT_EQ(2, exim.loc.line);
  EXPECT_EQ(3, exim.end_line);
  EXPECT_EQ(0, exim.expected_rc);
  EXPECT_FALSE(exim.has_rc_line);

  const Command& client = s.commands[1];
  EXPECT_EQ(CommandKind::kClient, client.kind);
  EXPECT_EQ("client -t3 127.0.0.1 PORT_D", client.line);
  EXPECT_EQ((std::vector<std::string>{"-t3", "127.0.0.1", "PORT_D"}), client.args);
  EXPECT_EQ(4, client.loc.line);
  EXPECT_EQ(16, client.end_line);
  ASSERT_EQ(11u, client.data.size());
  EXPECT_EQ("??? 220", client.data[0]);
  EXPECT_EQ("EHLO xxxx", client.data[1]);
  EXPECT_EQ("AUTH PLAIN AHVzZXJ4AHNlY3JldA==", client.data[7]);
  EXPECT_EQ("??? 221", client.data[10]);

  const Command& kill = s.commands[2];
  EXPECT_EQ(CommandKind::kKillDaemon, kill.kind);
  EXPECT_EQ(17, kill.loc.line);
  EXPECT_EQ(17, kill.end_line);
  EXPECT_FALSE(kill.has_data);

  EXPECT_TRUE(s.no_msglog_check);
  EXPECT_FALSE(s.no_message_check);
  EXPECT_FALSE(s.no_stderr_check);
  EXPECT_FALSE(s.no_stdout_check);
  EXPECT_FALSE(s.need_ipv4);
  EXPECT_FALSE(s.need_ipv6);
}

TEST(ScriptParser, UnknownCommandExactMessage) {
  std::string text =
      "# title\n"            // 1
      "exim -bd -oX PORT_D\n"  // 2
      "****\n"               // 3
      "\n"                   // 4
      "# a comment\n"        // 5
      "killdaemon\n"         // 6
      "frobnicate the thing\n"  // 7
      "killdaemon\n";
  EXPECT_EQ("scripts/3650-Dovecot/3650:7: unknown command 'frobnicate'", ErrorOf(text));
  try {
    ParseScript(text, kFile);
    FAIL() << "no exception";
  } catch (const HarnessError& e) {
    EXPECT_EQ(kFile, e.loc().file);
    EXPECT_EQ(7, e.loc().line);
    EXPECT_EQ("unknown command 'frobnicate'", e.message());
  }
}

TEST(ScriptParser, TitleAndIdentifyingComment) {
  EXPECT_EQ("abc def", ParseScript("# abc def  \n", "f").title);
  EXPECT_EQ("", ParseScript("#\n", "f").title);
  EXPECT_EQ("", ParseScript("#x", "f").title);
  EXPECT_EQ("f:1: Missing identifying comment (line 1 must start with '#')",
            ErrorOf("exim -bd\n****\n", "f"));
  EXPECT_EQ("f:1: Missing identifying comment (line 1 must start with '#')",
            ErrorOf("\n# late title\n", "f"));
  EXPECT_EQ("f: empty script", ErrorOf("", "f"));
}

TEST(ScriptParser, OnlyTitle) {
  Script s = ParseScript("# just a title", "f");
  EXPECT_EQ("just a title", s.title);
  EXPECT_TRUE(s.commands.empty());
  s = ParseScript("# t\n\n# comment\n   \n###\n#### banner\n", "f");
  EXPECT_TRUE(s.commands.empty());
}

TEST(ScriptParser, ReturnCodeLines) {
  Script s = ParseScript("# t\n1\nexim -bt x\n****\n~2   \nclient 1.2.3.4 5\n****\n", "f");
  ASSERT_EQ(2u, s.commands.size());
  EXPECT_TRUE(s.commands[0].has_rc_line);
  EXPECT_EQ(1, s.commands[0].expected_rc);
  EXPECT_FALSE(s.commands[0].expect_not);
  EXPECT_EQ(3, s.commands[0].loc.line);
  EXPECT_EQ(2, s.commands[1].expected_rc);
  EXPECT_TRUE(s.commands[1].expect_not);

  // A "###" output comment may follow an rc line (modern runtest).
  s = ParseScript("# t\n0\n### hello\n", "f");
  ASSERT_EQ(1u, s.commands.size());
  EXPECT_EQ(CommandKind::kComment, s.commands[0].kind);
  EXPECT_TRUE(s.commands[0].has_rc_line);

  EXPECT_EQ("f:4: unexpected end of script after return-code line",
            ErrorOf("# t\nkilldaemon\n\n3\n", "f"));
  EXPECT_EQ("f:2: unexpected end of script after return-code line", ErrorOf("# t\n3", "f"));
  EXPECT_EQ("f:2: return code '256' out of range (0-255)", ErrorOf("# t\n256\nkilldaemon\n", "f"));
  EXPECT_EQ("f:2: return code '~99999999999999999999' out of range (0-255)",
            ErrorOf("# t\n~99999999999999999999\nkilldaemon\n", "f"));
  EXPECT_EQ("f:3: expected a command after the return-code line at line 2, got a blank line",
            ErrorOf("# t\n1\n\nkilldaemon\n", "f"));
  EXPECT_EQ("f:3: expected a command after the return-code line at line 2, got a comment line",
            ErrorOf("# t\n1\n# c\nkilldaemon\n", "f"));
  EXPECT_EQ("f:3: expected a command after the return-code line at line 2, got another "
            "return-code line",
            ErrorOf("# t\n1\n2\nkilldaemon\n", "f"));
  EXPECT_EQ("f:3: expected a command after the return-code line at line 2, got a flag line",
            ErrorOf("# t\n1\nno_stdout_check\nkilldaemon\n", "f"));
  // "1x" is not an rc line: it is an unknown command.
  EXPECT_EQ("f:2: unknown command '1x'", ErrorOf("# t\n1x\n", "f"));
}

TEST(ScriptParser, Continuation) {
  Script s = ParseScript("# t\nexim -bd \\\n   -oX PORT_D   \\\n\t-d\n****\n", "f");
  ASSERT_EQ(1u, s.commands.size());
  const Command& c = s.commands[0];
  // Each continuation line is trimmed at both ends, then its own trailing '\'
  // is dropped (the blanks before that '\' stay), then it is joined as-is.
  EXPECT_EQ("exim -bd -oX PORT_D   -d", c.line);
  EXPECT_EQ("-bd -oX PORT_D   -d", c.exim.args);
  EXPECT_EQ(2, c.loc.line);
  EXPECT_EQ(5, c.end_line);
  EXPECT_EQ("f:3: line continuation '\\' at end of script", ErrorOf("# t\nsleep \\\n1 \\", "f"));
  // Data lines are never joined.
  s = ParseScript("# t\nclient 1.2.3.4 25\nabc \\\ndef\n****\n", "f");
  EXPECT_EQ((std::vector<std::string>{"abc \\", "def"}), s.commands[0].data);
}

TEST(ScriptParser, DataBlocks) {
  Script s = ParseScript(
      "# t\nclient 127.0.0.1 PORT_D\n# not a comment\n\n*****\n ****\n****  \t\nkilldaemon",
      "f");
  ASSERT_EQ(2u, s.commands.size());
  EXPECT_EQ((std::vector<std::string>{"# not a comment", "", "*****", " ****"}),
            s.commands[0].data);
  EXPECT_EQ(7, s.commands[0].end_line);
  EXPECT_EQ(8, s.commands[1].loc.line);

  // Terminator on the last line, without a newline.
  s = ParseScript("# t\nexim -bV\n****", "f");
  EXPECT_EQ(3, s.commands[0].end_line);

  EXPECT_EQ("f:2: data block not terminated by '****' (started at line 2 by 'exim', script ends "
            "at line 4)",
            ErrorOf("# t\nexim -bd\nline\n***\n", "f"));
  EXPECT_EQ("f:3: data block not terminated by '****' (started at line 3 by 'client', script "
            "ends at line 3)",
            ErrorOf("# t\n\nclient 1.2.3.4 25", "f"));
}

TEST(ScriptParser, EximVariants) {
  Script s = ParseScript("# t\nFOO_BAR=x=y 3 sudo exim_exim -bt a@b\n****\n", "f");
  const EximInvocation& e = s.commands[0].exim;
  EXPECT_EQ("FOO_BAR=x=y", e.env_assignment);
  EXPECT_EQ(3, e.wait_seconds);
  EXPECT_TRUE(e.sudo);
  EXPECT_EQ("_exim", e.suffix);
  EXPECT_EQ("-bt a@b", e.args);
  EXPECT_EQ((std::vector<std::string>{"-bt", "a@b"}), s.commands[0].args);

  s = ParseScript("# t\n2exim -q\n****\nsudo exim -q\n****\nexim  -bp  \n****\n", "f");
  ASSERT_EQ(3u, s.commands.size());
  EXPECT_EQ(2, s.commands[0].exim.wait_seconds);
  EXPECT_TRUE(s.commands[1].exim.sudo);
  EXPECT_EQ("-bp  ", s.commands[2].exim.args);

  // runtest 4.99.1: any number of assignments, names of any case and digits.
  s = ParseScript("# t\nfoo=x B2_=y 1 sudo -u exim exim -bV\n****\n", "f");
  EXPECT_EQ("foo=x", s.commands[0].exim.env_assignment);
  EXPECT_EQ((std::vector<std::pair<std::string, std::string>>{{"foo", "x"}, {"B2_", "y"}}), s.commands[0].exim.env);
  EXPECT_EQ(1, s.commands[0].exim.wait_seconds);
  EXPECT_EQ("exim", s.commands[0].exim.sudo_user);
  EXPECT_TRUE(s.commands[0].sudo);
  EXPECT_EQ("-bV", s.commands[0].exim.args);
  EXPECT_EQ("f:2: unknown command 'foo=x'", ErrorOf("# t\nfoo=x xexim -bV\n****\n", "f"));
  EXPECT_EQ("f:2: exim command without arguments: 'exim'", ErrorOf("# t\nexim\n****\n", "f"));
  EXPECT_EQ("f:2: exim command without arguments: 'A=b 1 sudo exim_x'",
            ErrorOf("# t\nA=b 1 sudo exim_x\n****\n", "f"));
  EXPECT_EQ("f:2: unknown command 'eximfoo'", ErrorOf("# t\neximfoo -bV\n****\n", "f"));
  EXPECT_EQ("f:2: unknown command 'exim_'", ErrorOf("# t\nexim_ -bV\n****\n", "f"));
  // exim_lock is its own command, not exim + suffix "_lock".
  EXPECT_EQ(CommandKind::kEximLock, ParseScript("# t\nexim_lock -v x\n", "f").commands[0].kind);
  EXPECT_EQ("f:2: command 'sudo frob' is not one runtest runs (sudo: mkdir, rmdir, rm, mv, cp, chown, chmod, perl, exim)",
            ErrorOf("# t\nsudo frob -rf spool\n", "f"));
  EXPECT_EQ("f:2: exim wait time is too large",
            ErrorOf("# t\n99999999999 exim -bV\n****\n", "f"));
}

TEST(ScriptParser, SimpleCommands) {
  Script s = ParseScript(
      "# t\nsleep 2\nmillisleep 500\necho hello   world \nkilldaemon\n  killdaemon\n"
      "### section one\n",
      "f");
  ASSERT_EQ(6u, s.commands.size());
  EXPECT_EQ(CommandKind::kSleep, s.commands[0].kind);
  EXPECT_EQ(2, s.commands[0].duration);
  EXPECT_EQ(CommandKind::kMilliSleep, s.commands[1].kind);
  EXPECT_EQ(500, s.commands[1].duration);
  EXPECT_EQ(CommandKind::kEcho, s.commands[2].kind);
  EXPECT_EQ("hello   world ", s.commands[2].text);
  EXPECT_EQ((std::vector<std::string>{"hello", "world"}), s.commands[2].args);
  EXPECT_EQ(CommandKind::kKillDaemon, s.commands[4].kind);  // leading blanks ignored
  EXPECT_EQ(6, s.commands[4].loc.line);
  EXPECT_EQ(CommandKind::kComment, s.commands[5].kind);
  EXPECT_EQ("###", s.commands[5].name);
  EXPECT_EQ("### section one", s.commands[5].line);
  EXPECT_EQ("section one", s.commands[5].text);
  EXPECT_STREQ("millisleep", CommandKindName(CommandKind::kMilliSleep));
  EXPECT_STREQ("###", CommandKindName(CommandKind::kComment));
}

TEST(ScriptParser, BadArguments) {
  EXPECT_EQ("f:2: 'sleep' needs one non-negative integer argument, got nothing",
            ErrorOf("# t\nsleep\n", "f"));
  EXPECT_EQ("f:2: 'sleep' needs one non-negative integer argument, got '-1'",
            ErrorOf("# t\nsleep -1\n", "f"));
  EXPECT_EQ("f:2: 'sleep' needs one non-negative integer argument, got '1 2'",
            ErrorOf("# t\nsleep 1 2\n", "f"));
  EXPECT_EQ("f:2: 'millisleep' needs one non-negative integer argument, got '1.5'",
            ErrorOf("# t\nmillisleep 1.5\n", "f"));
  EXPECT_EQ("f:2: 'millisleep' needs one non-negative integer argument, got '99999999999'",
            ErrorOf("# t\nmillisleep 99999999999\n", "f"));
  EXPECT_EQ("f:2: 'killdaemon' takes no arguments", ErrorOf("# t\nkilldaemon now\n", "f"));
  EXPECT_EQ("f:2: 'client' needs arguments (client [-tN] IP PORT)",
            ErrorOf("# t\nclient\n****\n", "f"));
  EXPECT_EQ("f:2: flag 'no_stdout_check' takes no arguments",
            ErrorOf("# t\nno_stdout_check please\n", "f"));
}

TEST(ScriptParser, Flags) {
  Script s = ParseScript(
      "# t\nno_message_check\nneed_ipv4\nkilldaemon\nno_stderr_check  \nno_stdout_check\n"
      "need_ipv6\nno_msglog_check\n",
      "f");
  EXPECT_EQ(1u, s.commands.size());
  EXPECT_TRUE(s.no_message_check && s.no_msglog_check && s.no_stderr_check &&
              s.no_stdout_check && s.need_ipv4 && s.need_ipv6);
}

// runtest opens its PORT_DYNAMIC socket when any line has the word: a
// command, a data line or a comment; not PORT_DYNAMICS or XPORT_DYNAMIC.
TEST(ScriptParser, PortDynamicAnywhere) {
  EXPECT_TRUE(ParseScript("# t\nexim -DSERVER=wait:PORT_DYNAMIC -bw\n****\n", "f").port_dynamic);
  EXPECT_TRUE(ParseScript("# t\nclient 127.0.0.1 1225\nPORT_DYNAMIC\n****\n", "f").port_dynamic);
  EXPECT_TRUE(ParseScript("# t\n# uses PORT_DYNAMIC.\nexim -be\n****\n", "f").port_dynamic);
  EXPECT_TRUE(ParseScript("# PORT_DYNAMIC\nexim -be\n****\n", "f").port_dynamic);
  EXPECT_FALSE(ParseScript("# t\n# PORT_DYNAMICS XPORT_DYNAMIC\nexim -be\n****\n", "f").port_dynamic);
  Script s = ParseScript("# t\nexim -DSERVER=wait:PORT_DYNAMIC -bw\nignored\n****\nkilldaemon\n", "f");
  ASSERT_EQ(2u, s.commands.size());
  EXPECT_EQ(CommandKind::kExim, s.commands[0].kind);
  EXPECT_EQ((std::vector<std::string>{"-DSERVER=wait:PORT_DYNAMIC", "-bw"}), s.commands[0].args);
}

TEST(ScriptParser, TlsClientCommands) {
  Script s = ParseScript(
      "# t\nclient-ssl 127.0.0.1 PORT_D\n??? 220\n****\n"
      "1\nclient-gnutls -tls-on-connect HOSTIPV4 PORT_D DIR/aux-fixed/cert2 DIR/aux-fixed/cert2\n****\n"
      "client-anytls\n****\ngnutls\n",
      "f");
  ASSERT_EQ(4u, s.commands.size());
  EXPECT_EQ(CommandKind::kTlsClient, s.commands[0].kind);
  EXPECT_EQ("client-ssl", s.commands[0].name);
  EXPECT_EQ((std::vector<std::string>{"127.0.0.1", "PORT_D"}), s.commands[0].args);
  EXPECT_EQ((std::vector<std::string>{"??? 220"}), s.commands[0].data);
  EXPECT_EQ("client-gnutls", s.commands[1].name);
  EXPECT_EQ(1, s.commands[1].expected_rc);
  EXPECT_EQ(5u, s.commands[1].args.size());
  EXPECT_EQ("client-anytls", s.commands[2].name);
  EXPECT_TRUE(s.commands[2].args.empty());
  EXPECT_EQ(CommandKind::kGnutls, s.commands[3].kind);
  EXPECT_STREQ("tls-client", CommandKindName(CommandKind::kTlsClient));
  EXPECT_STREQ("gnutls", CommandKindName(CommandKind::kGnutls));
}

TEST(ScriptParser, TlsCommandErrors) {
  EXPECT_EQ("f:2: unknown client command 'client-foo' (client, client-ssl, client-gnutls, client-anytls)",
            ErrorOf("# t\nclient-foo 127.0.0.1 PORT_D\n****\n", "f"));
  EXPECT_EQ("f:2: 'gnutls' takes no arguments", ErrorOf("# t\ngnutls now\n", "f"));
  EXPECT_EQ("f:2: data block not terminated by '****' (started at line 2 by 'client-ssl', script ends at line 3)",
            ErrorOf("# t\nclient-ssl 127.0.0.1 PORT_D\n??? 220\n", "f"));
}

TEST(ScriptParser, UpstreamLanguage) {
  Script s = ParseScript(
      "# t\nsortlog\nno_munge\nrmfiltertest\nneed_largefiles\nneed_move_frozen_messages\n"
      "server PORT_S\n>LF>VERSION\n*eof\n****\n"               // 7
      "background\ndovecot -F -c DIR/x.conf  \nignored\n****\n"  // 11
      "mkdir DIR/tmp\nsudo rm -fr DIR/tmp\n"                    // 15, 16
      "sudo perl\nsystem('x');\n****\n"                        // 17
      "write test-data 2x5=ab_ 1x3\npre\n++++\npost\n****\n"   // 20
      "catwrite f\nline\n****\n"                              // 25
      "dump retry\ndbmbuild DIR/a DIR/b\nexinext userx@test.ex\nexigrep -v x\n"  // 28-31
      "eximstats -ne\nexiqgrep\nexim_id_update -v\nexim_lock -v DIR/f\nmunge one\nmunge dnssec\n"
      "cat2 DIR/x\n3 FOO=1\nperl -e 'exit 3'\n****\n",  // 38, 39
      "f");
  EXPECT_TRUE(s.sortlog && s.no_munge && s.rmfiltertest && s.need_largefiles && s.need_move_frozen_messages);
  EXPECT_EQ("dnssec", s.munge);
  std::vector<std::string> kinds;
  for (const Command& c : s.commands) kinds.push_back(std::string(CommandKindName(c.kind)) + ":" + c.name);
  EXPECT_EQ((std::vector<std::string>{"server:server", "background:background", "shell:mkdir", "shell:sudo rm",
                                      "perl:perl", "write:write", "write:catwrite", "dump:dump", "utility:dbmbuild",
                                      "utility:exinext", "utility:exigrep", "utility:eximstats", "utility:exiqgrep",
                                      "utility:exim_id_update", "exim_lock:exim_lock", "munge:munge", "munge:munge",
                                      "cat2:cat2", "perl:perl"}),
            kinds);
  EXPECT_EQ((std::vector<std::string>{">LF>VERSION", "*eof"}), s.commands[0].data);
  EXPECT_EQ("dovecot -F -c DIR/x.conf", s.commands[1].text);
  EXPECT_EQ(11, s.commands[1].loc.line);
  EXPECT_EQ(14, s.commands[1].end_line);
  EXPECT_TRUE(s.commands[1].data.empty());
  EXPECT_EQ("sudo rm", s.commands[3].name);
  EXPECT_EQ("rm -fr DIR/tmp", s.commands[3].text);
  EXPECT_TRUE(s.commands[3].sudo);
  EXPECT_TRUE(s.commands[4].sudo);
  EXPECT_EQ("perl", s.commands[4].text);
  EXPECT_EQ((std::vector<std::string>{"pre", "++++", "post"}), s.commands[5].data);
  EXPECT_EQ((std::vector<std::string>{"test-data", "2x5=ab_", "1x3"}), s.commands[5].args);
  EXPECT_TRUE(s.commands[6].cat);
  EXPECT_EQ("cat DIR/x", s.commands[17].text);
  const Command& last = s.commands[18];
  EXPECT_EQ(3, last.expected_rc);
  EXPECT_EQ((std::vector<std::pair<std::string, std::string>>{{"FOO", "1"}}), last.rc_env);
  EXPECT_EQ("perl -e 'exit 3'", last.text);

  WriteSize w;
  ASSERT_TRUE(ParseWriteSize("2x5=ab_", &w));
  EXPECT_EQ(2, w.count);
  EXPECT_EQ(5, w.length);
  EXPECT_EQ("ab ", w.leadin);
  EXPECT_FALSE(ParseWriteSize("2y5", &w));
  EXPECT_EQ("f:2: 'write' size 'abc' is not COUNTxLENGTH[=LEADIN]", ErrorOf("# t\nwrite f abc\n****\n", "f"));
  EXPECT_EQ("f:2: 'dump' needs arguments (dump DBNAME)", ErrorOf("# t\ndump\n", "f"));
  EXPECT_EQ("f:2: 'background' at end of script: its command line is missing", ErrorOf("# t\nbackground", "f"));
  EXPECT_EQ("f:2: unknown command 'rm' (runtest runs it only as 'sudo rm')", ErrorOf("# t\nrm -f x\n", "f"));
  EXPECT_EQ("f:2: unknown command 'frobnicate'", ErrorOf("# t\nfrobnicate\n", "f"));
}

TEST(ScriptParser, EofEndsDataBlockForUpstreamScripts) {
  ParseOptions upstream;
  upstream.eof_ends_data_block = true;
  Script s = ParseScript("# t\nexim -bv a@b\nline\n", "f", upstream);
  ASSERT_EQ(1u, s.commands.size());
  EXPECT_EQ((std::vector<std::string>{"line"}), s.commands[0].data);
  EXPECT_EQ(3, s.commands[0].end_line);
  // Not by default: the harness's own scripts must close their blocks.
  EXPECT_NE(std::string::npos, ErrorOf("# t\nexim -bv a@b\nline\n", "f").find("not terminated"));
}

TEST(ScriptParser, CrlfIsRejectedWithEscapedLine) {
  std::string err = ErrorOf("# t\r\nkilldaemon\r\n", "f");
  EXPECT_EQ(
      "f:2: carriage return in command line (CRLF line endings are not supported): "
      "'killdaemon\\x0d'",
      err);
  EXPECT_EQ(
      "f:2: carriage return in command line (CRLF line endings are not supported): "
      "'exim -bd\\x0d'",
      ErrorOf("# t\r\nexim -bd\r\n****\r\n", "f"));
  // CR-only lines count as blank (Perl's \s), and the title loses its \r.
  Script s = ParseScript("# t\r\n\r\n", "f");
  EXPECT_EQ("t", s.title);
}

TEST(ScriptParser, BinaryAndHugeInput) {
  std::string text = std::string("# t\n\x01\x00", 6) + "bin\x7f\xff rest\n";
  std::string err = ErrorOf(text, "f");
  EXPECT_EQ("f:2: unknown command '\\x01\\x00bin\\x7f\\xff'", err);
  EXPECT_TRUE(AllPrintable(err));

  std::string huge = "# t\n" + std::string(1 << 20, 'a') + "\n";
  err = ErrorOf(huge, "f");
  EXPECT_EQ("f:2: unknown command '" + std::string(80, 'a') + "...'", err);

  // A 1 MB data line is fine and kept verbatim.
  std::string big(1 << 20, '\0');
  Script s = ParseScript("# t\nclient 1.2.3.4 25\n" + big + "\n****\n", "f");
  ASSERT_EQ(1u, s.commands[0].data.size());
  EXPECT_EQ(big, s.commands[0].data[0]);

  // Control bytes in the file name position are not our business, but in a
  // continuation error the message stays printable.
  err = ErrorOf(std::string("# t\n\x1b[31m\\", 10), "f");
  EXPECT_EQ("f:2: line continuation '\\' at end of script", err);
}

TEST(ScriptParser, FileErrors) {
  try {
    ParseScriptFile("/nonexistent/dir/3650");
    FAIL() << "no exception";
  } catch (const HarnessError& e) {
    EXPECT_STREQ("/nonexistent/dir/3650: cannot read script: No such file or directory",
                 e.what());
  }
  try {
    ParseScriptFile(TESTS_SOURCE_DIR);
    FAIL() << "no exception";
  } catch (const HarnessError& e) {
    EXPECT_EQ(std::string(TESTS_SOURCE_DIR) + ": cannot read script: Is a directory", e.what());
  }
}

TEST(ScriptParser, EscapeForDisplay) {
  EXPECT_EQ("plain text ~", EscapeForDisplay("plain text ~"));
  EXPECT_EQ("exim\\x0d", EscapeForDisplay("exim\r"));
  EXPECT_EQ("a\\x00b\\x09\\x0a", EscapeForDisplay(std::string_view("a\0b\t\n", 5)));
  EXPECT_EQ("\\xc3\\xa9\\x7f", EscapeForDisplay("\xc3\xa9\x7f"));
  EXPECT_EQ("back\\slash", EscapeForDisplay("back\\slash"));
  EXPECT_EQ("abc...", EscapeForDisplay("abcdef", 3));
  EXPECT_EQ("abc", EscapeForDisplay("abc", 3));
  EXPECT_EQ("", EscapeForDisplay(""));
}

}  // namespace
}  // namespace harness
