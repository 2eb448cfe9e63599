# Bad files get a clear error naming the file (and line) and leave the
# database exactly as it was.
. "$(dirname "$0")/lib.sh"

good="$T/good.md"
cat >"$good" <<'MD'
Мониторинг за февраль 26 – март 26 года.

## 1. Свобода выражения мнения и доступ к информации

### Сайт издания недоступен

Сайт был недоступен 3 марта.

<https://news.example.kz/a/1>
MD
run 0 "$KUZET" import "$good"
snapshot() { sqlite3 "$KUZET_DB" .dump | sha256sum; }
before=$(snapshot)

check_bad() { # name file expected-text
	run 1 "$KUZET" import "$2" || return
	expect_in "$T/err" "kuzet: error: "
	expect_in "$T/err" "$2"
	expect_in "$T/err" "$3"
	[ "$(snapshot)" = "$before" ] || fail "$1 changed the database"
	ok "$1 refused: $(head -1 "$T/err")"
}

head -c 4096 /dev/urandom >"$T/binary.md"; printf '\0\0' >>"$T/binary.md"
check_bad binary "$T/binary.md" ""
: >"$T/empty.md"
check_bad empty "$T/empty.md" "empty"
printf '## 1. Свобода\n\n### Заголовок\n\nТекст \xd0\n' >"$T/badutf8.md"
check_bad "invalid UTF-8" "$T/badutf8.md" ":5"
printf '# Just a note\n\nSome text without any sections.\n\n- a list\n' >"$T/nosections.md"
check_bad "no sections" "$T/nosections.md" "section"
head -c $((50 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$T/huge.md"
check_bad "50 MB file" "$T/huge.md" "limit"
# truncated: a good report cut inside an item's title heading
printf '## 1. Свобода выражения мнения и доступ к информации\n\n### Сайт издания' >"$T/trunc.md"
check_bad truncated "$T/trunc.md" ":3"
# a good file and a bad one together: nothing of the good one is stored
cp "$good" "$T/good2.md"; sed -i 's/Сайт издания недоступен/Другой сайт недоступен/' "$T/good2.md"
run 1 "$KUZET" import "$T/good2.md" "$T/empty.md"
[ "$(snapshot)" = "$before" ] || fail "a failing batch stored part of itself"
run 1 "$KUZET" import "$T/missing.md" && expect_in "$T/err" "missing.md"
finish
