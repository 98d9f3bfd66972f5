#!/bin/bash
# First start of the MySQL container (empty data volume): one database per service and one user
# per service that can touch only its own database. Passwords come from the container's env
# (docker-compose.yml passes them from docker/.env); none has a default.
#
# PRINT_SQL_ONLY=1 bash 01-databases.sh   prints the SQL instead of running it (the system tests
# apply exactly this SQL to their database server).
#
# The entrypoint may source this file instead of executing it, so it defines functions and
# never calls exit.

shop_services="product user order payment notification"

shop_password() {
  local var="${1^^}_DB_PASSWORD"
  local value="${!var}"
  if [ -z "$value" ]; then
    echo "01-databases.sh: $var is not set" >&2
    return 1
  fi
  # The password also goes into DATABASE_URI unencoded, so only URL-safe characters are allowed;
  # that also keeps it from ever needing SQL quoting.
  if ! [[ "$value" =~ ^[A-Za-z0-9._~-]{12,}$ ]]; then
    echo "01-databases.sh: $var must be at least 12 characters of A-Z a-z 0-9 . _ ~ - (try: openssl rand -hex 24)" >&2
    return 1
  fi
  printf '%s' "$value"
}

shop_sql() {
  local svc password
  for svc in $shop_services; do
    password="$(shop_password "$svc")" || return 1
    cat <<SQL
CREATE DATABASE IF NOT EXISTS \`${svc}_db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '${svc}_user'@'%' IDENTIFIED BY '${password}';
ALTER USER '${svc}_user'@'%' IDENTIFIED BY '${password}';
GRANT ALL PRIVILEGES ON \`${svc}_db\`.* TO '${svc}_user'@'%';
SQL
  done
  echo "FLUSH PRIVILEGES;"
}

shop_init_databases() {
  local sql
  sql="$(shop_sql)" || return 1
  if [ "${PRINT_SQL_ONLY:-}" = "1" ]; then
    printf '%s\n' "$sql"
  else
    # during init the server listens on its socket only; the password stays out of argv
    printf '%s\n' "$sql" | MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysql --protocol=socket -uroot
    echo "01-databases.sh: created ${shop_services// /_db, }_db and their users"
  fi
}

shop_init_databases
