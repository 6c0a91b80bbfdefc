// SPDX-License-Identifier: MIT
/* In-place line and word splitting of plain-text provider replies; no allocation. */
#include "providers/textreply.h"

#include <string.h>
#include <strings.h>

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static struct textreply_span trim(struct textreply_span s)
{
	while (s.len && (blank(s.p[0]) || s.p[0] == '\r'))
		s.p++, s.len--;
	while (s.len && (blank(s.p[s.len - 1]) || s.p[s.len - 1] == '\r'))
		s.len--;
	return s;
}

bool textreply_line(const char *body, size_t len, size_t *pos, struct textreply_span *line)
{
	const char *nl;
	size_t start = *pos;

	if (!body || start >= len)
		return false;
	nl = memchr(body + start, '\n', len - start);
	line->p = body + start;
	line->len = nl ? (size_t)(nl - line->p) : len - start;
	*pos = start + line->len + (nl ? 1 : 0);
	*line = trim(*line);
	return true;
}

void textreply_word(struct textreply_span s, struct textreply_span *word,
		    struct textreply_span *rest)
{
	size_t i = 0;

	while (i < s.len && !blank(s.p[i]))
		i++;
	word->p = s.p;
	word->len = i;
	while (i < s.len && blank(s.p[i]))
		i++;
	rest->p = s.p + i;
	rest->len = s.len - i;
}

bool textreply_is(struct textreply_span s, const char *text)
{
	return s.len == strlen(text) && !memcmp(s.p, text, s.len);
}

bool textreply_starts_nocase(struct textreply_span s, const char *prefix)
{
	size_t n = strlen(prefix);

	return s.len >= n && !strncasecmp(s.p, prefix, n);
}

bool textreply_contains(const char *body, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	return body && n && memmem(body, len, needle, n) != NULL;
}

void textreply_show(char *dst, size_t size, struct textreply_span s)
{
	size_t i, n = s.len < size - 1 ? s.len : size - 1;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s.p[i];

		dst[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	dst[n] = '\0';
}
