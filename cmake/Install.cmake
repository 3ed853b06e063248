# Install rules and the Debian package (docs/install.md).
#
#   PREFIX/lib/exim-test-harness/bin/   runtest client client-ssl client-gnutls server fake_dovecot authstring
#   PREFIX/share/exim-test-harness/     scripts/ confs/ expected/ (the suite)
#   PREFIX/share/doc/exim-test-harness/ docs
#   PREFIX/bin/exim-runtest, PREFIX/bin/exim-authstring   symlinks into lib/
#
# runtest finds the suite and fake_dovecot from its own location
# (harness/install_layout.h), so the tree works under any prefix and
# unpacked anywhere (dpkg -x). `runtest` is not put in PREFIX/bin under its
# own name: Debian's dejagnu package owns /usr/bin/runtest.
set(HARNESS_INSTALL_NAME exim-test-harness)
set(HARNESS_INSTALL_BINDIR lib/${HARNESS_INSTALL_NAME}/bin)
set(HARNESS_INSTALL_DATADIR share/${HARNESS_INSTALL_NAME})

foreach(tool runtest client client-ssl client-gnutls server fake_dovecot authstring)
  if(TARGET ${tool})
    install(TARGETS ${tool} RUNTIME DESTINATION ${HARNESS_INSTALL_BINDIR})
  endif()
endforeach()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/scripts ${PROJECT_SOURCE_DIR}/confs ${PROJECT_SOURCE_DIR}/expected
        DESTINATION ${HARNESS_INSTALL_DATADIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION share/doc/${HARNESS_INSTALL_NAME}
        FILES_MATCHING PATTERN "*.md")

# Relative symlinks, made in the build tree and installed as links.
set(link_dir ${PROJECT_BINARY_DIR}/install-links)
file(MAKE_DIRECTORY ${link_dir})
foreach(pair "exim-runtest:runtest" "exim-authstring:authstring")
  string(REPLACE ":" ";" pair "${pair}")
  list(GET pair 0 link)
  list(GET pair 1 target)
  file(CREATE_LINK ../${HARNESS_INSTALL_BINDIR}/${target} ${link_dir}/${link} SYMBOLIC)
  install(FILES ${link_dir}/${link} DESTINATION bin)
endforeach()

# cpack -G DEB (run from the build directory, after building everything).
set(HARNESS_PACKAGE_MAINTAINER "Exim test harness maintainers <exim-test-harness@localhost>"
    CACHE STRING "Maintainer field of the Debian package")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ${HARNESS_INSTALL_NAME})
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "integration test harness for Exim's dovecot authenticator")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${HARNESS_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION mail)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The synopsis is CPACK_PACKAGE_DESCRIPTION_SUMMARY; CPack indents these lines.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "runtest runs numbered Exim test scripts (upstream's format) against the\nsystem's Exim and compares normalised output with golden files; fake_dovecot\nis a scriptable Dovecot auth-client responder. Run: exim-runtest 3650")
# The suite runs /usr/sbin/exim4 by default and needs its dovecot
# authenticator, which Debian builds only into exim4-daemon-heavy (the light
# daemon has cram_md5, external and plaintext). dovecot-core serves
# `runtest --dovecot=real`. Shared-library dependencies come from
# dpkg-shlibdeps (package dpkg-dev).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "exim4-daemon-heavy")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "dovecot-core")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
include(CPack)
