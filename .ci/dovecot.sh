#!/usr/bin/env bash
# A throw-away Dovecot IMAP server for the tests: `.ci/dovecot.sh start DIR` configures and
# starts one in DIR (its own config, maildirs, logs; plain-text login on 127.0.0.1 on a free
# port) with one test user, and writes DIR/env with TEST_IMAP_HOST/PORT/USER/PASSWORD;
# `.ci/dovecot.sh stop DIR` stops it. Needs Debian's dovecot-imapd and root (mail is stored
# as `nobody`). The system's own Dovecot configuration is never read.
set -euo pipefail
cmd=${1:?start|stop}
dir=$(realpath -m "${2:?directory}")
conf="$dir/dovecot.conf"

if [ "$cmd" = stop ]; then
  [ -f "$conf" ] && dovecot -c "$conf" stop 2>/dev/null || true
  exit 0
fi

mkdir -p "$dir/run" "$dir/state" "$dir/mail"
chown nobody:nogroup "$dir/mail"
chmod 755 "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
user=helpdesk
password=helpdesk-test-$RANDOM
printf '%s:{PLAIN}%s\n' "$user" "$password" > "$dir/users"
cat > "$conf" <<CONF
protocols = imap
listen = 127.0.0.1
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
info_log_path = $dir/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$dir/mail/%u
mail_privileged_group =
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$dir/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
  inet_listener pop3s {
    port = 0
  }
}
service submission-login {
  inet_listener submission {
    port = 0
  }
}
service lmtp {
  unix_listener lmtp {
    mode = 0600
  }
}
CONF
dovecot -c "$conf" </dev/null >/dev/null 2>&1
for _ in $(seq 1 50); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1).close()" 2>/dev/null && break
  sleep 0.2
done
cat > "$dir/env" <<ENV
export TEST_IMAP_HOST=127.0.0.1
export TEST_IMAP_PORT=$port
export TEST_IMAP_USER=$user
export TEST_IMAP_PASSWORD=$password
ENV
echo "dovecot listening on 127.0.0.1:$port (user $user), config $conf"
