#!/usr/bin/perl
# normalise.pl - the rule table of harness/normalise_rules.cc written as a Perl
# s/// loop, in the same order with the same stream masks and guards, as Exim's
# runtest munge() would do it. Used by bench/run (figure 5) as the baseline
# the C++ Normaliser is compared with; bench/run first checks that both give
# byte-identical output on its generated log.
#
#   perl normalise.pl --stream stderr --hostname H --run-dir D --caller C
#        --caller-uid N --caller-gid N --caller-home P --exim-user U
#        --exim-uid N --exim-gid N --ports A:G,A:G,... [--ipv6-test] < in > out
#
# Where a C++ matcher is hand-written, the Perl here follows the C++ (its
# quoted Perl pattern, with possessive quantifiers where the C++ does not
# backtrack). All patterns are ASCII (/a), as the C++ character classes are.
use strict;
use warnings;
use Getopt::Long;

my %o = (stream => 'stderr', hostname => '', 'run-dir' => '', caller => '', 'caller-uid' => 0,
         'caller-gid' => 0, 'caller-home' => '', 'exim-user' => '', 'exim-uid' => 0, 'exim-gid' => 0,
         ports => '', 'ipv6-test' => 0);
GetOptions(\%o, 'stream=s', 'hostname=s', 'run-dir=s', 'caller=s', 'caller-uid=i', 'caller-gid=i',
           'caller-home=s', 'exim-user=s', 'exim-uid=i', 'exim-gid=i', 'ports=s', 'ipv6-test')
  or die "normalise.pl: bad options\n";

my ($host, $run_dir, $caller, $home, $eu) = @o{qw(hostname run-dir caller caller-home exim-user)};
my ($cuid, $cgid, $xuid, $xgid) = @o{qw(caller-uid caller-gid exim-uid exim-gid)};
my $ipv6 = $o{'ipv6-test'};
my (%golden_of, %is_golden);
for (split /,/, $o{ports}) {
  my ($a, $g) = split /:/;
  $golden_of{$a} //= $g;    # the first pair wins, as in the C++ loop
  $is_golden{$g} = 1;
}
my $have_ports = %golden_of ? 1 : 0;

# Stream flags (the rule masks).
my $s = $o{stream};
my $LOG = $s eq 'log';
my $LOGS = $s eq 'log' || $s eq 'rejectlog' || $s eq 'paniclog';
my $STDOUT = $s eq 'stdout';
my $STDERR = $s eq 'stderr';
my $DOVECOT = $s eq 'dovecot';
my $EXIM = $LOGS || $STDOUT || $STDERR;

# State (Normaliser::State).
my %msgid;
my $next_msgid = 'aX';
my %eport;
my $next_port = 1111;
my $spid = '';
my $skipping_indented = 0;

my $A = '[A-Za-z0-9]';     # [^\W_]
my $NA = '(?![A-Za-z0-9])';
my $fixed_cram = do {
  require MIME::Base64;
  MIME::Base64::encode_base64('<1896.697170952@postoffice.reston.mci.net>', '');
};

# A known daemon port -> its golden number (5 digits at most, else unchanged).
sub golden { my $d = shift; return $d if length($d) > 5; my $v = $d + 0; return exists $golden_of{$v} ? $golden_of{$v} : $d }
sub is_golden_port { my $d = shift; return 0 if length($d) > 5; return $is_golden{$d + 0} ? 1 : 0 }
sub new_port { my $d = shift; $eport{$d} //= $next_port++; return $eport{$d} }

sub msgid_repl {
  my ($id, $modern) = @_;
  return $msgid{$id} //= do {
    my $seq = $next_msgid;
    $next_msgid++;    # Perl's magic increment, as MagicIncrement()
    "10Hm$seq" . ($modern ? '-000000005vi-0000' : '-0005vi-00');
  };
}

# RenumberPortAt: the digit run at $p, unless glued to a word char or golden.
sub renumber_at {
  my $p = shift;
  return unless substr($_, $p) =~ /^(\d++)(?!\w)/a;
  my $d = $1;
  return if is_golden_port($d);
  substr($_, $p, length $d) = new_port($d);
}

sub strict_b64_decode {
  my $t = shift;
  return undef unless length($t) % 4 == 0 && length($t) > 0;
  return undef unless $t =~ /\A[A-Za-z0-9+\/]*(?:={0,2})\z/;
  my $pad = ($t =~ /(=*)\z/)[0];
  return undef if length($pad) > 2;
  return MIME::Base64::decode_base64($t);
}

sub is_cram { return $_[0] =~ /\A<$A+\.$A+\@[^<>\s]+>\z/a }

sub cram_challenge {
  my $out = '';
  my $line = $_;
  while (length $line) {
    if ($line =~ s/\A(\t|\\t| )//) { $out .= $1; next }
    $line =~ s/\A((?:(?!\\t)[^ \t])+)//;
    my $tok = $1;
    if (length($tok) >= 8) {
      my $d = strict_b64_decode($tok);
      $tok = $fixed_cram if defined $d && is_cram($d);
    }
    $out .= $tok;
  }
  $_ = $out;
}

my @build_info = ('Berkeley DB:', 'Probably ', 'Authenticators:', 'Lookups:', 'Lookups (built-in):',
  'Support for:', 'Routers:', 'Transports:', 'Fixed never_users:', 'Size of off_t:', 'Compiler:',
  'Loading lookup modules from', 'WHITELIST_D_MACROS:', 'TRUSTED_CONFIG_LIST:', 'Reset TZ to',
  'macros_trusted overridden to true by whitelisting');

binmode STDIN;
binmode STDOUT;
LINE: while (<STDIN>) {
  my $nl = chomp;
  # --- paths and names
  s/\Q$run_dir\E/TESTSUITE/g if length $run_dir;
  s/(?<![A-Za-z0-9.\-])\Q$host\E(?![A-Za-z0-9\-])(?!\.[A-Za-z0-9])/the.local.host.name/g if length $host;
  if ($EXIM) {
    s/(?<=[Ee]xim )\d++\.\d++[\w.-]*+(?: #\d++)?+/x.yz/ag if index($_, 'xim ') >= 0;
  }
  if ($STDERR && (my $p = index($_, 'daemon(')) >= 0) {
    substr($_, $p + 7) =~ s/\A\d++\.\d++[\w.-]*+(?: #\d++)?+(?=\))/x.yz/a;
  }
  if ($EXIM) {
    if (index($_, '-') >= 0) {
      s/(?<![A-Za-z0-9])(?:([A-Za-z0-9]{6}-[A-Za-z0-9]{6}-[A-Za-z0-9]{2})(?![A-Za-z0-9])|(\d[A-Za-z0-9]{5}-[A-Za-z0-9]{11}-[A-Za-z0-9]{4})(?![A-Za-z0-9]))/defined $1 ? msgid_repl($1, 0) : msgid_repl($2, 1)/ge;
    }
    if (!$ipv6 && index($_, 'listening for SMTP') >= 0) {
      s/port (\d++) \([^)]+\)/port $1/g;
      # ListenDuplicatePort: " port N" repeated (not glued to a word char).
      my $pos = 0;
      while (($pos = index($_, ' port ', $pos)) >= 0) {
        my $d = $pos + 6;
        if (substr($_, $d) !~ /\A(\d+)/) { $pos = $d; next }
        my $first = ' port ' . $1;
        my $next = $d + length $1;
        while (substr($_, $next, length $first) eq $first && substr($_, $next + length $first, 1) !~ /\A\w/a) {
          substr($_, $next, length $first) = '';
        }
        $pos = $next;
      }
    }
    if ((my $p = index($_, 'TlRMTVNTUAACAAAAAAAAAAAoAAABgg')) >= 0) {
      substr($_, $p) =~ s/\ATlRMTVNTUAACAAAAAAAAAAAoAAABgg[\w+\/]+/TlRMTVNTUAACAAAAAAAAAAAoAAABggAAAEbBRwqFwwIAAAAAAAAAAAAt1sgAAAAA/a;
    }
    # --- dates and times
    s/[A-Z][a-z]{2},\s\d{1,2}+\s[A-Z][a-z]{2}\s\d{4}\s\d\d:\d\d:\d\d\s[-+]\d{4}/Tue, 2 Mar 1999 09:44:33 +0000/ag
      if index($_, ', ') >= 0;
    s/\A\d{4}-\d\d-\d\d\s\d\d:\d\d:\d\d(?:\.\d{3}(?!\d))?+(?:\s[+-]\d{4}(?!\d))?+(?=\s|\z)/1999-03-02 09:44:33/a
      if /\A\d/;
    s/\A(1999-03-02 09:44:33 \[)\d++\]/$1pppp]/ if index($_, '1999-03-02 09:44:33 [') == 0;
    # --- the caller
    s/\Q$home\E/CALLER_HOME/g if length $home;
    s/\b\Q$caller\E\b/CALLER/g if length $caller;
    if (index($_, 'id=') >= 0) {
      s/\beuid=$cuid\b/euid=CALLER_UID/ag;
      s/\begid=$cgid\b/egid=CALLER_GID/ag;
      s/\buid=$cuid\b/uid=CALLER_UID/ag;
      s/\bgid=$cgid\b/gid=CALLER_GID/ag;
    }
    # --- Exim's user
    if (length $eu && index($_, $eu) >= 0) {
      s/\bU=\Q$eu\E(?!\w)/U=EXIMUSER/ag;
      s/user=\Q$eu\E(?!\w)/user=EXIMUSER/ag;
      s/login=\Q$eu\E(?!\w)/login=EXIMUSER/ag;
      s/Received: from \Q$eu\E(?= )/Received: from EXIMUSER/g;
      s/Running as: \Q$eu\E(?!\w)/Running as: EXIMUSER/ag;
      s/\Q$eu\E@/EXIMUSER@/g;
      s/\Q$eu\E\.lock\./EXIMUSER.lock./g;
    }
    if (index($_, 'id=') >= 0) {
      s/\beuid=$xuid\b/euid=EXIM_UID/ag;
      s/\begid=$xgid\b/egid=EXIM_GID/ag;
      s/\buid=$xuid\b/uid=EXIM_UID/ag;
      s/\bgid=$xgid\b/gid=EXIM_GID/ag;
    }
    # --- other uids, gids and pids
    s/\bgid=\d+/gid=gggg/ag if index($_, 'gid=') >= 0;
    s/\begid=\d+/egid=gggg/ag if index($_, 'egid=') >= 0;
    if (index($_, 'pid') >= 0) {
      s/\bpid=\d+/pid=pppp/ag;
      s/\bpid \d+/pid pppp/ag;
    }
    s/\bPID: \d+/PID: pppp/ag if index($_, 'PID: ') >= 0;
    s/\buid=\d+/uid=uuuu/ag if index($_, 'uid=') >= 0;
    s/\beuid=\d+/euid=uuuu/ag if index($_, 'euid=') >= 0;
  }
  if ($STDERR && (my $p = index($_, 'set_process_info:')) >= 0) {
    substr($_, $p) =~ s/\Aset_process_info:\s++\d++/set_process_info: pppp/a;
  }
  if ($EXIM) {
    s/\bprocess \d+/process pppp/ag if index($_, 'process ') >= 0;
    s/\bsubprocess \d+/subprocess pppp/ag if index($_, 'subprocess ') >= 0;
    s/\btest-mail\/temp\.\d+/test-mail\/temp.pppp/ag if index($_, 'test-mail/temp.') >= 0;
  }
  if (($LOGS || $STDERR) && index($_, 'SIG') >= 0) {
    s/(SIG[A-Z]++ \()(?: *+\d++(?= )|(fault address: 0x)[0-9a-fA-F]++)/defined $2 ? "$1$2AAAAAAAA" : "$1pppp"/ge;
  }
  if ($STDERR) {
    $spid = $1 if /\A(\s*+\d++) (?:listening|LOG: MAIN|daemon_smtp_port overridden by|local_interfaces overridden by)/a;
    substr($_, 0, length($spid) + 1) = '' if length $spid && index($_, "$spid ") == 0;
    s/waiting for children of \d+/waiting for children of pppp/ag if index($_, 'waiting for children of ') >= 0;
  }
  if ($EXIM) {
    # --- ports
    if ($have_ports) {
      s{(\]:)(\d++)(?!\w)|(\]:\{)([\d,]*+)|\b([pP][oO][rR][tT][ =])(\d++)(?!\w)}{
        defined $2 ? $1 . golden($2)
        : defined $3 ? $3 . join(',', map { length($_) ? golden($_) : $_ } split(/,/, $4, -1))
        : $5 . golden($6)
      }age;
    }
    # ephemeral client ports, renumbered from 1111
    renumber_at(6) if index($_, 'Port: ') == 0;
    if ((my $p = index($_, '(port=')) >= 0) { renumber_at($p + 6) }
    my $c = index($_, ']:');
    if ($c >= 0 && substr($_, $c + 2, 1) =~ /\A\d/a
        && !/listening for SMTP on|Connecting to|=>|->|\*>|==|\*\*|Connection refused|in response to/) {
      my $open = rindex($_, '[', $c);
      if ($open >= 0 && $open + 1 != $c && substr($_, $open + 1, $c - $open - 1) =~ /\A[A-Za-z0-9:.]+\z/) {
        renumber_at($c + 2);
      }
    }
    # --- OS-dependent error texts
    s/Can't assign requested address/Network Error/g;
    s/Cannot assign requested address/Network Error/g;
    s/Operation timed out/Connection timed out/g;
    s/Address family not supported by protocol family/Network Error/g;
    s/Network is unreachable/Network Error/g;
    s/Network unreachable/Network Error/g;
    s/Invalid argument/Network Error/g;
    s/\((\d+)\): (Network|Connection refused|Connection timed out)/(dd): $2/ag if index($_, '): ') >= 0;
    s/\berrno=\d+/errno=dd/ag if index($_, 'errno=') >= 0;
    # --- sizes
    s/(?<=[\s,])S=\d++(?!\w)/S=sss/ag if index($_, 'S=') >= 0;
    s/(?<=\s)SIZE=\d++(?!\w)/SIZE=ssss/ag if index($_, 'SIZE=') >= 0;
  }
  if ($STDERR) {
    s/(?<=\s)size=\d++(?!\w)/size=sss/ag if index($_, 'size=') >= 0;
  }
  if ($STDOUT) {
    next LINE if index($_, 'translate_ip_address =') >= 0;
    next LINE if index($_, 'use_classresources') >= 0;
    s/\A(Connection request from )\[(.*:.*:.*)\]\z/$1\[ipv6\]/s if index($_, 'Connection request from ') == 0;
    cram_challenge() if index($_, '<<< 334 ') == 0;
  }
  if ($STDERR) {
    $_ = 'Exim version x.yz ....' if index($_, 'Exim version ') == 0;
    if ((my $p = index($_, 'Connection request from 127.0.0.1 port ')) >= 0) {
      substr($_, $p + 39) =~ s/\A\d{1,5}+(?!\d)/sssss/a;
    }
    next LINE if /in (?:tls_advertise_hosts|hosts_require_tls)\? no \((?:option unset|end of list)\)/;
    next LINE if index($_, 'auxiliary group list:') >= 0;
    next LINE if index($_, 'extracted from gecos field') >= 0;
    next LINE if index($_, 'waiting for data on socket') >= 0;
    next LINE if index($_, 'read response data: size=') >= 0;
    next LINE if index($_, 'failed to load readline:') >= 0;
    next LINE if index($_, 'fork') >= 0 && /postfork: | forking for | forked for /;
    next LINE if index($_, '_ocsp? ') >= 0;
    next LINE if index($_, 'host in hosts_proxy?') >= 0;
    next LINE if index($_, ' in keep_environment? ') >= 0;
    next LINE if index($_, 'unlinking notifier socket') >= 0;
    # build-dependent header lines
    if ($skipping_indented) {
      next LINE if /\A\s/a;
      $skipping_indented = 0;
    }
    if (index($_, 'Library version:') == 0) { $skipping_indented = 1; next LINE }
    for my $p (@build_info) { next LINE if index($_, $p) == 0 }
    next LINE if index($_, 'Loaded ') == 0 && index($_, ' lookup modules') >= 0;
    next LINE if index($_, 'Total ') == 0 && index($_, ' lookups') >= 0;
  }
  # --- Dovecot wire transcript
  if (($DOVECOT || $STDERR) && index($_, 'CPID') >= 0) {
    s/(?:(?<![A-Za-z0-9])|(?<=\\t))CPID(\t|\\t)\d++(?![A-Za-z0-9])/CPID${1}pppp/g;
  }
  if ($DOVECOT) {
    s/(?:(?<![A-Za-z0-9])|(?<=\\t))SPID(\t|\\t)\d++(?![A-Za-z0-9])/SPID${1}pppp/g if index($_, 'SPID') >= 0;
    s/(?:(?<![A-Za-z0-9])|(?<=\\t))CUID(\t|\\t)\d++(?![A-Za-z0-9])/CUID${1}cccc/g if index($_, 'CUID') >= 0;
    s/(?:(?<![A-Za-z0-9])|(?<=\\t))COOKIE(\t|\\t)[0-9a-fA-F]{32}(?![A-Za-z0-9])/COOKIE${1}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/g
      if index($_, 'COOKIE') >= 0;
    cram_challenge();
  }
  print $nl ? "$_\n" : $_;
}
