// junit_test.cc - runtest --junit on a fixture suite with a pass, a golden
// mismatch, a failure at a script line and a skip; the file is validated
// against tests/cli/junit.xsd with xmllint and inspected with XPath. Also
// the real suite: runtest --junit out.xml 3650 + gives schema-valid XML.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "tests/cli/fixture_suite.h"

namespace cli {
namespace {

/// xmllint --schema; returns its exit status and output.
RunResult ValidateWithXmllint(const std::string& xml_path) {
  Child c({"/usr/bin/xmllint", "--noout", "--schema", CliDir() + "/junit.xsd", xml_path});
  return c.Wait(std::chrono::seconds(30));
}

bool HaveXmllint() { return access("/usr/bin/xmllint", X_OK) == 0; }

class JUnit : public FixtureSuite {};

TEST_F(JUnit, FixtureSuiteWithPassFailSkipIsSchemaValid) {
  std::string xml = work() + "/out.xml";
  RunResult r = Run({"--junit", xml, "9101", "9104"});
  SCOPED_TRACE(Printed(r));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("9101/Junit JUnit fixture: passes PASS ("), std::string::npos);
  EXPECT_NE(r.out.find("9102/Junit JUnit fixture: fails (golden mismatch) FAIL ("), std::string::npos);
  EXPECT_NE(r.out.find("9103/Skip JUnit fixture: skipped (unmet REQUIRES) SKIP ("), std::string::npos);
  EXPECT_NE(r.out.find("9104/Junit JUnit fixture: fails at a script line (wrong exit status) FAIL ("),
            std::string::npos);
  EXPECT_NE(r.out.find("1 passed, 2 failed, 1 skipped"), std::string::npos);
  ASSERT_TRUE(Exists(xml));

  if (HaveXmllint()) {
    RunResult v = ValidateWithXmllint(xml);
    EXPECT_EQ(v.exit_code, 0) << v.out << v.err << ReadFile(xml);
  } else {
    ADD_FAILURE() << "xmllint missing (Debian package libxml2-utils, installed by tools/setup)";
  }

  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_file(xml.c_str())) << ReadFile(xml);
  auto suite = doc.select_node("/testsuites/testsuite").node();
  EXPECT_EQ(suite.attribute("tests").as_int(), 4);
  EXPECT_EQ(suite.attribute("failures").as_int(), 2);
  EXPECT_EQ(suite.attribute("errors").as_int(), 0);
  EXPECT_EQ(suite.attribute("skipped").as_int(), 1);
  EXPECT_EQ(doc.select_nodes("//testcase").size(), 4u);

  auto pass = doc.select_node("//testcase[starts-with(@name, '9101 ')]").node();
  EXPECT_EQ(std::string(pass.attribute("classname").value()).rfind("exim-", 0), 0u);
  EXPECT_NE(std::string(pass.attribute("classname").value()).find(".fake.Junit"), std::string::npos);
  EXPECT_TRUE(doc.select_node("//testsuite/properties/property[@name='exim.binary'][@value]"));
  EXPECT_TRUE(doc.select_node("//testsuite/properties/property[@name='dovecot'][@value='fake']"));
  EXPECT_FALSE(pass.first_child());

  auto mismatch = doc.select_node("//testcase[starts-with(@name, '9102 ')]/failure").node();
  ASSERT_TRUE(mismatch);
  std::string text = mismatch.text().get();
  EXPECT_NE(text.find("--- expected/stdout/9102"), std::string::npos) << text;
  EXPECT_NE(text.find("-> yes"), std::string::npos) << text;
  EXPECT_NE(text.find("+> no"), std::string::npos) << text;

  auto at_line = doc.select_node("//testcase[starts-with(@name, '9104 ')]/failure").node();
  ASSERT_TRUE(at_line);
  std::string line = Script("9100-Junit/9104:3");
  EXPECT_NE(std::string(at_line.attribute("message").value()).find(line), std::string::npos);
  EXPECT_NE(std::string(at_line.text().get()).find("script line: " + line), std::string::npos);
  EXPECT_NE(std::string(at_line.text().get()).find("ended with exit status 0, expected 1"), std::string::npos);

  auto skip = doc.select_node("//testcase[starts-with(@name, '9103 ')]/skipped").node();
  ASSERT_TRUE(skip);
  EXPECT_EQ(std::string(skip.attribute("message").value())
                .rfind("missing authenticator no_such_authenticator (" +
                           Script("9103-Skip/REQUIRES:1; exim -bV: 'Authenticators"),
                       0),
            0u)
      << skip.attribute("message").value();
}

// The real suite, as CI runs it: every test from 3650 on.
TEST(JUnitRealSuite, From3650OnIsSchemaValid) {
  if (auto why = WhyCannotRun()) GTEST_SKIP() << *why;
  if (!HaveXmllint()) GTEST_SKIP() << "xmllint missing (Debian package libxml2-utils)";
  BecomeSubreaper();
  TempDir work("junit-real");
  std::string xml = work / "out.xml";
  RunResult r = RunRuntest({"--work-dir", work / "w", "--junit", xml, "3650", "+"}, std::chrono::seconds(170));
  SCOPED_TRACE(Printed(r));
  EXPECT_FALSE(r.timed_out);
  // Other tests of the suite may be work in progress: only the file is judged.
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1 || r.exit_code == 77);
  ASSERT_TRUE(Exists(xml));
  RunResult v = ValidateWithXmllint(xml);
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err << ReadFile(xml);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_file(xml.c_str()));
  EXPECT_TRUE(doc.select_node("//testcase[starts-with(@name, '3650 Dovecot authentication')]"));
}

}  // namespace
}  // namespace cli
