#!/usr/bin/perl
# normalise.pl - GENERATED from harness/normalise_rules.cc by bench/normalise_pl.cc
# (build/bin/normalise_pl > bench/normalise.pl); do not edit. The test
# normalise-pl-up-to-date fails when this file and the table differ.
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

# The table's patterns.
my $lit_1_0 = pattern('${run_dir}', 0);
my $re_1 = pattern('${run_dir}', 1);
my $lit_2_0 = pattern('${hostname}', 0);
my $re_3 = pattern('([Ee]xim )\\d+\\.\\d+[\\w.-]*(?: #\\d+)?', 1);
my $re_4 = pattern('daemon\\(\\d+\\.\\d+[\\w.-]*(?: #\\d+)?\\)', 1);
my $re_6 = pattern('port (\\d+) \\([^)]+\\)', 1);
my $re_8 = pattern('TlRMTVNTUAACAAAAAAAAAAAoAAABgg[\\w+/]+', 1);
my $re_9 = pattern('[A-Z][a-z]{2},\\s\\d{1,2}\\s[A-Z][a-z]{2}\\s\\d{4}\\s\\d\\d:\\d\\d:\\d\\d\\s[-+]\\d{4}', 1);
my $re_10 = pattern('^\\d{4}-\\d\\d-\\d\\d\\s\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{3})?(?:\\s[+-]\\d{4})?(\\s|$)', 1);
my $re_11 = pattern('^(1999-03-02 09:44:33 \\[)\\d+\\]', 1);
my $lit_12_0 = pattern('${caller_home}', 0);
my $re_12 = pattern('${caller_home}', 1);
my $lit_13_0 = pattern('${caller}', 0);
my $re_13 = pattern('\\b${caller}\\b', 1);
my $lit_14_0 = pattern('uid=${caller_uid}', 0);
my $re_14 = pattern('\\b(e?uid=)${caller_uid}\\b', 1);
my $lit_15_0 = pattern('gid=${caller_gid}', 0);
my $re_15 = pattern('\\b(e?gid=)${caller_gid}\\b', 1);
my $lit_16_0 = pattern('${exim_user}', 0);
my $re_16 = pattern('(\\bU=|user=|login=|Running as: )${exim_user}\\b', 1);
my $lit_17_0 = pattern('${exim_user}', 0);
my $re_17 = pattern('Received: from ${exim_user} ', 1);
my $lit_18_0 = pattern('${exim_user}', 0);
my $re_18 = pattern('${exim_user}(@|\\.lock\\.)', 1);
my $lit_19_0 = pattern('uid=${exim_uid}', 0);
my $re_19 = pattern('\\b(e?uid=)${exim_uid}\\b', 1);
my $lit_20_0 = pattern('gid=${exim_gid}', 0);
my $re_20 = pattern('\\b(e?gid=)${exim_gid}\\b', 1);
my $re_21 = pattern('\\bgid=\\d+', 1);
my $re_22 = pattern('\\begid=\\d+', 1);
my $re_23 = pattern('\\b(pid=|pid )\\d+', 1);
my $re_24 = pattern('\\bPID: \\d+', 1);
my $re_25 = pattern('\\buid=\\d+', 1);
my $re_26 = pattern('\\beuid=\\d+', 1);
my $re_27 = pattern('set_process_info:\\s+\\d+', 1);
my $re_28 = pattern('\\bprocess \\d+', 1);
my $re_29 = pattern('\\bsubprocess \\d+', 1);
my $re_30 = pattern('\\btest-mail/temp\\.\\d+', 1);
my $re_31 = pattern('(SIG[A-Z]+ \\() *\\d+ ', 1);
my $re_32 = pattern('(SIG[A-Z]+ \\(fault address: 0x)[0-9a-fA-F]+', 1);
my $re_34 = pattern('waiting for children of \\d+', 1);
my $re_37 = pattern('Can\'t assign requested address', 1);
my $re_38 = pattern('Cannot assign requested address', 1);
my $re_39 = pattern('Operation timed out', 1);
my $re_40 = pattern('Address family not supported by protocol family', 1);
my $re_41 = pattern('Network is unreachable', 1);
my $re_42 = pattern('Network unreachable', 1);
my $re_43 = pattern('Invalid argument', 1);
my $re_44 = pattern('\\(\\d+\\): (Network|Connection refused|Connection timed out)', 1);
my $re_45 = pattern('\\berrno=\\d+', 1);
my $re_46 = pattern('([\\s,])S=\\d+\\b', 1);
my $re_47 = pattern('(\\s)SIZE=\\d+\\b', 1);
my $re_48 = pattern('(\\s)size=\\d+\\b', 1);
my $re_49 = pattern('translate_ip_address =', 1);
my $re_50 = pattern('use_classresources', 1);
my $re_51 = pattern('^(Connection request from )\\[.*:.*:.*\\]$', 1);
my $re_53 = pattern('^Exim version .*', 1);
my $re_54 = pattern('(Connection request from 127\\.0\\.0\\.1 port )\\d{1,5}(\\D|$)', 1);
my $re_55 = pattern('in (tls_advertise_hosts|hosts_require_tls)\\? no \\((option unset|end of list)\\)', 1);
my $re_56 = pattern('auxiliary group list:', 1);
my $re_57 = pattern('extracted from gecos field', 1);
my $re_58 = pattern('waiting for data on socket', 1);
my $re_59 = pattern('read response data: size=', 1);
my $re_60 = pattern('failed to load readline:', 1);
my $re_61 = pattern('postfork: | forking for | forked for ', 1);
my $re_62 = pattern('_ocsp\\? ', 1);
my $re_63 = pattern('host in hosts_proxy\\?', 1);
my $re_64 = pattern(' in keep_environment\\? ', 1);
my $re_65 = pattern('unlinking notifier socket', 1);
my $re_67 = pattern('^(Berkeley DB:|Probably |Authenticators:|Lookups:|Lookups \\(built-in\\):|Support for:|Routers:|Transports:|Fixed never_users:|Size of off_t:|Compiler:|Loading lookup modules from|WHITELIST_D_MACROS:|TRUSTED_CONFIG_LIST:|Reset TZ to|macros_trusted overridden to true by whitelisting|Loaded (.* )?lookup modules|Total (.* )?lookups)', 1);
my $re_68 = pattern('(\\\\t|\\b)CPID(\\t|\\\\t)\\d+\\b', 1);
my $re_69 = pattern('(\\\\t|\\b)SPID(\\t|\\\\t)\\d+\\b', 1);
my $re_70 = pattern('(\\\\t|\\b)CUID(\\t|\\\\t)\\d+\\b', 1);
my $re_71 = pattern('(\\\\t|\\b)COOKIE(\\t|\\\\t)[0-9a-fA-F]{32}\\b', 1);

binmode STDIN;
binmode STDOUT;
LINE: while (<STDIN>) {
  my $nl = chomp;
  # run-dir
  if ((S & 63) && defined $lit_1_0 && index($_, $lit_1_0) >= 0 && defined $re_1) {
    s/$re_1/TESTSUITE/g;
  }
  # hostname
  if ((S & 63) && defined $lit_2_0 && index($_, $lit_2_0) >= 0) {
    s/(?<![A-Za-z0-9.\-])\Q$ctx{hostname}\E(?![A-Za-z0-9\-])(?!\.[A-Za-z0-9])/the.local.host.name/g;
  }
  # exim-version
  if ((S & 31) && index($_, 'xim ') >= 0) {
    s/$re_3/${1}x.yz/g;
  }
  # daemon-info-version
  if ((S & 16) && index($_, 'daemon(') >= 0) {
    s/$re_4/daemon(x.yz)/g;
  }
  # message-id
  if ((S & 31) && index($_, '-') >= 0) {
    s/(?<![A-Za-z0-9])([A-Za-z0-9]{6}-[A-Za-z0-9]{6}-[A-Za-z0-9]{2}(?![A-Za-z0-9])|\d[A-Za-z0-9]{5}-[A-Za-z0-9]{11}-[A-Za-z0-9]{4}(?![A-Za-z0-9]))/msgid_repl($1)/ge;
  }
  # listen-ip-family
  if ((S & 31) && !IPV6_TEST && index($_, 'listening for SMTP') >= 0) {
    s/$re_6/port ${1}/g;
  }
  # listen-duplicate-port
  if ((S & 31) && !IPV6_TEST && index($_, 'listening for SMTP') >= 0) {
    my $pos = 0;
    while (($pos = index($_, ' port ', $pos)) >= 0) {
      my $d = $pos + 6;
      if (substr($_, $d) !~ /\A(\d+)/) { $pos = $d; next }
      my $first = ' port ' . $1;
      my $next = $d + length $1;
      substr($_, $next, length $first) = ''
        while substr($_, $next, length $first) eq $first && substr($_, $next + length $first, 1) !~ /\A\w/a;
      $pos = $next;
    }
  }
  # spa-challenge
  if ((S & 31) && index($_, 'TlRMTVNTUAACAAAAAAAAAAAoAAABgg') >= 0) {
    s/$re_8/TlRMTVNTUAACAAAAAAAAAAAoAAABggAAAEbBRwqFwwIAAAAAAAAAAAAt1sgAAAAA/g;
  }
  # rfc2822-date
  if ((S & 31) && index($_, ', ') >= 0) {
    s/$re_9/Tue, 2 Mar 1999 09:44:33 +0000/g;
  }
  # log-date
  if ((S & 31) && /\A\d\d\d\d\-\d\d\-\d\d/a) {
    s/$re_10/1999-03-02 09:44:33${1}/g;
  }
  # log-line-pid
  if ((S & 31) && substr($_, 0, 21) eq '1999-03-02 09:44:33 [') {
    s/$re_11/${1}pppp]/g;
  }
  # caller-home
  if ((S & 31) && defined $lit_12_0 && index($_, $lit_12_0) >= 0 && defined $re_12) {
    s/$re_12/CALLER_HOME/g;
  }
  # caller-name
  if ((S & 31) && defined $lit_13_0 && index($_, $lit_13_0) >= 0 && defined $re_13) {
    s/$re_13/CALLER/g;
  }
  # caller-uid
  if ((S & 31) && defined $lit_14_0 && index($_, $lit_14_0) >= 0 && defined $re_14) {
    s/$re_14/${1}CALLER_UID/g;
  }
  # caller-gid
  if ((S & 31) && defined $lit_15_0 && index($_, $lit_15_0) >= 0 && defined $re_15) {
    s/$re_15/${1}CALLER_GID/g;
  }
  # exim-user
  if ((S & 31) && defined $lit_16_0 && index($_, $lit_16_0) >= 0 && defined $re_16) {
    s/$re_16/${1}EXIMUSER/g;
  }
  # exim-user-received
  if ((S & 31) && defined $lit_17_0 && index($_, $lit_17_0) >= 0 && defined $re_17) {
    s/$re_17/Received: from EXIMUSER /g;
  }
  # exim-user-address
  if ((S & 31) && defined $lit_18_0 && index($_, $lit_18_0) >= 0 && defined $re_18) {
    s/$re_18/EXIMUSER${1}/g;
  }
  # exim-uid
  if ((S & 31) && defined $lit_19_0 && index($_, $lit_19_0) >= 0 && defined $re_19) {
    s/$re_19/${1}EXIM_UID/g;
  }
  # exim-gid
  if ((S & 31) && defined $lit_20_0 && index($_, $lit_20_0) >= 0 && defined $re_20) {
    s/$re_20/${1}EXIM_GID/g;
  }
  # gid
  if ((S & 31) && index($_, 'gid=') >= 0) {
    s/$re_21/gid=gggg/g;
  }
  # egid
  if ((S & 31) && index($_, 'egid=') >= 0) {
    s/$re_22/egid=gggg/g;
  }
  # pid
  if ((S & 31) && index($_, 'pid') >= 0) {
    s/$re_23/${1}pppp/g;
  }
  # pid-upper
  if ((S & 31) && index($_, 'PID: ') >= 0) {
    s/$re_24/PID: pppp/g;
  }
  # uid
  if ((S & 31) && index($_, 'uid=') >= 0) {
    s/$re_25/uid=uuuu/g;
  }
  # euid
  if ((S & 31) && index($_, 'euid=') >= 0) {
    s/$re_26/euid=uuuu/g;
  }
  # set-process-info-pid
  if ((S & 16) && index($_, 'set_process_info:') >= 0) {
    s/$re_27/set_process_info: pppp/g;
  }
  # filter-pid
  if ((S & 31) && index($_, 'process ') >= 0) {
    s/$re_28/process pppp/g;
  }
  # subprocess-pid
  if ((S & 31) && index($_, 'subprocess ') >= 0) {
    s/$re_29/subprocess pppp/g;
  }
  # appendfile-temp-pid
  if ((S & 31) && index($_, 'test-mail/temp.') >= 0) {
    s/$re_30/test-mail\/temp.pppp/g;
  }
  # crash-pid
  if ((S & 23) && index($_, 'SIG') >= 0) {
    s/$re_31/${1}pppp /g;
  }
  # crash-fault-address
  if ((S & 23) && index($_, 'SIG') >= 0) {
    s/$re_32/${1}AAAAAAAA/g;
  }
  # daemon-stderr-pid
  if ((S & 16)) {
    $spid = $1 if /\A(\s*+\d++) (?:listening|LOG: MAIN|daemon_smtp_port overridden by|local_interfaces overridden by)/a;
    substr($_, 0, length($spid) + 1) = '' if length $spid && index($_, "$spid ") == 0;
  }
  # queue-runner-wait
  if ((S & 16) && index($_, 'waiting for children of ') >= 0) {
    s/$re_34/waiting for children of pppp/g;
  }
  # port-map
  if ((S & 31) && (index($_, ']:') >= 0 || index($_, 'ort ') >= 0 || index($_, 'ort=') >= 0 || index($_, 'ORT ') >= 0 || index($_, 'ORT=') >= 0)) {
    s{(\]:)(\d++)(?!\w)|(\]:\{)([\d,]*+)|\b([pP](?:ort|ORT)[ =])(\d++)(?!\w)}{
      defined $2 ? $1 . golden($2)
      : defined $3 ? $3 . join(',', map { length($_) ? golden($_) : $_ } split(/,/, $4, -1))
      : $5 . golden($6)
    }age if %golden_of;
  }
  # ephemeral-port
  if ((S & 31) && (index($_, 'Port: ') >= 0 || index($_, '(port=') >= 0 || index($_, ']:') >= 0)) {
    renumber_at(6) if index($_, 'Port: ') == 0;
    if ((my $p = index($_, '(port=')) >= 0) { renumber_at($p + 6) }
    my $c = index($_, ']:');
    if ($c >= 0 && substr($_, $c + 2, 1) =~ /\A\d/a
        && !/listening for SMTP on|Connecting to|=>|->|\*>|==|\*\*|Connection refused|in response to/) {
      my $open = rindex($_, '[', $c);
      renumber_at($c + 2)
        if $open >= 0 && $open + 1 != $c && substr($_, $open + 1, $c - $open - 1) =~ /\A[A-Za-z0-9:.]+\z/;
    }
  }
  # errno-cant-assign
  if ((S & 31) && index($_, 'Can\'t assign requested address') >= 0) {
    s/$re_37/Network Error/g;
  }
  # errno-cannot-assign
  if ((S & 31) && index($_, 'Cannot assign requested address') >= 0) {
    s/$re_38/Network Error/g;
  }
  # errno-op-timed-out
  if ((S & 31) && index($_, 'Operation timed out') >= 0) {
    s/$re_39/Connection timed out/g;
  }
  # errno-af-not-supported
  if ((S & 31) && index($_, 'Address family not supported by protocol family') >= 0) {
    s/$re_40/Network Error/g;
  }
  # errno-net-is-unreach
  if ((S & 31) && index($_, 'Network is unreachable') >= 0) {
    s/$re_41/Network Error/g;
  }
  # errno-net-unreach
  if ((S & 31) && index($_, 'Network unreachable') >= 0) {
    s/$re_42/Network Error/g;
  }
  # errno-invalid-arg
  if ((S & 31) && index($_, 'Invalid argument') >= 0) {
    s/$re_43/Network Error/g;
  }
  # errno-number-in-parens
  if ((S & 31) && index($_, '): ') >= 0) {
    s/$re_44/(dd): ${1}/g;
  }
  # errno-equals
  if ((S & 31) && index($_, 'errno=') >= 0) {
    s/$re_45/errno=dd/g;
  }
  # message-size
  if ((S & 31) && index($_, 'S=') >= 0) {
    s/$re_46/${1}S=sss/g;
  }
  # size-parameter
  if ((S & 31) && index($_, 'SIZE=') >= 0) {
    s/$re_47/${1}SIZE=ssss/g;
  }
  # debug-size
  if ((S & 16) && index($_, 'size=') >= 0) {
    s/$re_48/${1}size=sss/g;
  }
  # stdout-drop-translate-ip
  if ((S & 8) && index($_, 'translate_ip_address =') >= 0) {
    next LINE if /$re_49/;
  }
  # stdout-drop-classresources
  if ((S & 8) && index($_, 'use_classresources') >= 0) {
    next LINE if /$re_50/;
  }
  # stdout-connection-request-v6
  if ((S & 8) && substr($_, 0, 24) eq 'Connection request from ') {
    s/$re_51/${1}[ipv6]/g;
  }
  # stdout-cram-md5-challenge
  if ((S & 8) && substr($_, 0, 8) eq '<<< 334 ') {
    cram_challenge();
  }
  # stderr-exim-version
  if ((S & 16) && substr($_, 0, 13) eq 'Exim version ') {
    s/$re_53/Exim version x.yz ..../g;
  }
  # stderr-connection-port
  if ((S & 16) && index($_, 'Connection request from 127.0.0.1 port ') >= 0) {
    s/$re_54/${1}sssss${2}/g;
  }
  # stderr-drop-tls-unset
  if ((S & 16) && (index($_, 'tls_advertise_hosts? no (') >= 0 || index($_, 'hosts_require_tls? no (') >= 0)) {
    next LINE if /$re_55/;
  }
  # stderr-drop-aux-groups
  if ((S & 16) && index($_, 'auxiliary group list:') >= 0) {
    next LINE if /$re_56/;
  }
  # stderr-drop-gecos
  if ((S & 16) && index($_, 'extracted from gecos field') >= 0) {
    next LINE if /$re_57/;
  }
  # stderr-drop-wait-data
  if ((S & 16) && index($_, 'waiting for data on socket') >= 0) {
    next LINE if /$re_58/;
  }
  # stderr-drop-read-size
  if ((S & 16) && index($_, 'read response data: size=') >= 0) {
    next LINE if /$re_59/;
  }
  # stderr-drop-readline
  if ((S & 16) && index($_, 'failed to load readline:') >= 0) {
    next LINE if /$re_60/;
  }
  # stderr-drop-fork
  if ((S & 16) && index($_, 'fork') >= 0) {
    next LINE if /$re_61/;
  }
  # stderr-drop-ocsp
  if ((S & 16) && index($_, '_ocsp? ') >= 0) {
    next LINE if /$re_62/;
  }
  # stderr-drop-proxy
  if ((S & 16) && index($_, 'host in hosts_proxy?') >= 0) {
    next LINE if /$re_63/;
  }
  # stderr-drop-keep-env
  if ((S & 16) && index($_, ' in keep_environment? ') >= 0) {
    next LINE if /$re_64/;
  }
  # stderr-drop-notifier
  if ((S & 16) && index($_, 'unlinking notifier socket') >= 0) {
    next LINE if /$re_65/;
  }
  # stderr-drop-library-version
  if ((S & 16)) {
    if ($skipping_indented) {
      next LINE if /\A\s/a;
      $skipping_indented = 0;
    }
    if (index($_, 'Library version:') == 0) { $skipping_indented = 1; next LINE }
  }
  # stderr-drop-build-info
  if ((S & 16) && (substr($_, 0, 12) eq 'Berkeley DB:' || substr($_, 0, 9) eq 'Probably ' || substr($_, 0, 15) eq 'Authenticators:' || substr($_, 0, 7) eq 'Lookups' || substr($_, 0, 12) eq 'Support for:' || substr($_, 0, 8) eq 'Routers:' || substr($_, 0, 11) eq 'Transports:' || substr($_, 0, 18) eq 'Fixed never_users:' || substr($_, 0, 14) eq 'Size of off_t:' || substr($_, 0, 9) eq 'Compiler:' || substr($_, 0, 27) eq 'Loading lookup modules from' || substr($_, 0, 19) eq 'WHITELIST_D_MACROS:' || substr($_, 0, 20) eq 'TRUSTED_CONFIG_LIST:' || substr($_, 0, 11) eq 'Reset TZ to' || substr($_, 0, 25) eq 'macros_trusted overridden' || substr($_, 0, 7) eq 'Loaded ' || substr($_, 0, 6) eq 'Total ')) {
    next LINE if /$re_67/;
  }
  # dovecot-cpid
  if ((S & 48) && index($_, 'CPID') >= 0) {
    s/$re_68/${1}CPID${2}pppp/g;
  }
  # dovecot-spid
  if ((S & 32) && index($_, 'SPID') >= 0) {
    s/$re_69/${1}SPID${2}pppp/g;
  }
  # dovecot-cuid
  if ((S & 32) && index($_, 'CUID') >= 0) {
    s/$re_70/${1}CUID${2}cccc/g;
  }
  # dovecot-cookie
  if ((S & 32) && index($_, 'COOKIE') >= 0) {
    s/$re_71/${1}COOKIE${2}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/g;
  }
  # dovecot-cram-md5-challenge
  if ((S & 32)) {
    cram_challenge();
  }
  print $nl ? "$_\n" : $_;
}
