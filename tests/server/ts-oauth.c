/* ts-oauth.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fanvue's OAuth 2.0: authorization code with PKCE S256, HTTP Basic client authentication,
 * rotating single-use refresh tokens whose reuse revokes the whole family.
 */

#include "config.h"

#include "ts-server.h"

#define CLIENT_ID "trove-test-client"
#define CLIENT_SECRET "trove-test-secret"

typedef struct
{
  char *challenge;
  char *redirect_uri;
  int scope;
} Grant;

typedef struct
{
  guint family;
  int scope;
  gint64 expires; /* access tokens only */
  gboolean used;  /* refresh tokens only */
} Token;

struct _TsOAuth
{
  GHashTable *codes;   /* code -> Grant */
  GHashTable *spent;   /* used code -> family of the tokens it gave (0: none) */
  GHashTable *access;  /* token -> Token */
  GHashTable *refresh; /* token -> Token */
  GHashTable *revoked; /* family ids */
  guint next;
};

static void
grant_free (Grant *grant)
{
  g_free (grant->challenge);
  g_free (grant->redirect_uri);
  g_free (grant);
}

TsOAuth *
ts_oauth_new (void)
{
  TsOAuth *self = g_new0 (TsOAuth, 1);

  self->codes =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) grant_free);
  self->spent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->access = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->refresh = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->revoked = g_hash_table_new (NULL, NULL);

  return self;
}

void
ts_oauth_free (TsOAuth *self)
{
  g_hash_table_unref (self->codes);
  g_hash_table_unref (self->spent);
  g_hash_table_unref (self->access);
  g_hash_table_unref (self->refresh);
  g_hash_table_unref (self->revoked);
  g_free (self);
}

int
ts_oauth_token_scope (TsServer *self, const char *token)
{
  Token *found = g_hash_table_lookup (self->oauth->access, token);

  if (found == NULL ||
      g_hash_table_contains (self->oauth->revoked, GUINT_TO_POINTER (found->family)) ||
      found->expires < g_get_real_time () / G_USEC_PER_SEC)
    return 0;

  return found->scope;
}

void
ts_oauth_expire_tokens (TsServer *self)
{
  GHashTableIter iter;
  Token *token;

  g_hash_table_iter_init (&iter, self->oauth->access);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &token))
    token->expires = 0;
}

static gboolean
redirect_allowed (const char *redirect_uri)
{
  g_autoptr (GUri) uri = redirect_uri ? g_uri_parse (redirect_uri, G_URI_FLAGS_NONE, NULL) : NULL;

  if (uri == NULL)
    return FALSE;

  if (g_str_equal (redirect_uri, "https://trove.invalid/callback"))
    return TRUE;

  return g_strcmp0 (g_uri_get_scheme (uri), "http") == 0 && g_uri_get_port (uri) > 0 &&
         (g_strcmp0 (g_uri_get_host (uri), "127.0.0.1") == 0 ||
          g_strcmp0 (g_uri_get_host (uri), "localhost") == 0);
}

static void
respond_authorize (TsServer *self, SoupServerMessage *msg, GHashTable *query)
{
  const char *lookup[] = { "response_type", "client_id",      "redirect_uri",         "scope",
                           "state",         "code_challenge", "code_challenge_method" };
  const char *value[G_N_ELEMENTS (lookup)];
  g_autofree char *location = NULL;
  g_autofree char *code = NULL;
  const char *error = NULL;
  Grant *grant;

  for (gsize i = 0; i < G_N_ELEMENTS (lookup); i++)
    value[i] = query ? g_hash_table_lookup (query, lookup[i]) : NULL;

  if (!redirect_allowed (value[2]) || g_strcmp0 (value[1], CLIENT_ID) != 0)
    {
      ts_respond_error (msg, 400, "invalid_request", "Unknown client or redirect_uri");
      return;
    }

  if (g_strcmp0 (value[0], "code") != 0)
    error = "unsupported_response_type";
  else if (value[4] == NULL || value[5] == NULL || g_strcmp0 (value[6], "S256") != 0)
    error = "invalid_request";
  else if (value[3] == NULL || strstr (value[3], "read:chat") == NULL)
    error = "invalid_scope";

  if (error != NULL)
    {
      g_autofree char *state = g_uri_escape_string (value[4] ? value[4] : "", NULL, FALSE);

      location = g_strdup_printf ("%s?error=%s&state=%s", value[2], error, state);
      soup_server_message_set_redirect (msg, 302, location);
      return;
    }

  code = g_strdup_printf ("code_%u_%u", ++self->oauth->next, g_random_int ());
  grant = g_new0 (Grant, 1);
  grant->challenge = g_strdup (value[5]);
  grant->redirect_uri = g_strdup (value[2]);
  grant->scope = strstr (value[3], "read:creator") ? 2 : 1;
  g_hash_table_insert (self->oauth->codes, g_strdup (code), grant);

  {
    g_autofree char *state = g_uri_escape_string (value[4], NULL, FALSE);

    location = g_strdup_printf ("%s%scode=%s&state=%s", value[2],
                                strchr (value[2], '?') ? "&" : "?", code, state);
  }
  soup_server_message_set_redirect (msg, 302, location);
}

static gboolean
client_authenticated (SoupServerMessage *msg)
{
  const char *value =
      soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  g_autofree char *expected = NULL;
  g_autofree char *encoded = NULL;

  encoded = g_base64_encode ((const guchar *) CLIENT_ID ":" CLIENT_SECRET,
                             strlen (CLIENT_ID ":" CLIENT_SECRET));
  expected = g_strconcat ("Basic ", encoded, NULL);

  return g_strcmp0 (value, expected) == 0;
}

static char *
base64url (const guchar *data, gsize length)
{
  char *text = g_base64_encode (data, length);
  char *end;

  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  end = strchr (text, '=');
  if (end != NULL)
    *end = '\0';

  return text;
}

static void
issue_tokens (TsServer *self, SoupServerMessage *msg, guint family, int scope)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *access = g_strdup_printf ("fvat_%u_%u", ++self->oauth->next, g_random_int ());
  g_autofree char *refresh = g_strdup_printf ("fvrt_%u_%u", ++self->oauth->next, g_random_int ());
  Token *token;

  token = g_new0 (Token, 1);
  token->family = family;
  token->scope = scope;
  token->expires = g_get_real_time () / G_USEC_PER_SEC + self->token_ttl;
  g_hash_table_insert (self->oauth->access, g_strdup (access), token);

  token = g_new0 (Token, 1);
  token->family = family;
  token->scope = scope;
  g_hash_table_insert (self->oauth->refresh, g_strdup (refresh), token);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, access);
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, refresh);
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, self->token_ttl);
  json_builder_set_member_name (builder, "token_type");
  json_builder_add_string_value (builder, "Bearer");
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (
      builder, scope == 2 ? "openid offline_access offline read:self read:chat read:creator"
                          : "openid offline_access offline read:self read:chat");
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  ts_respond_json (msg, 200, root);
}

static void
respond_token (TsServer *self, SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr (GHashTable) form = soup_form_decode (text);
  const char *grant_type = g_hash_table_lookup (form, "grant_type");

  if (!g_str_equal (soup_server_message_get_method (msg), SOUP_METHOD_POST))
    {
      ts_respond_error (msg, 405, "invalid_request", "POST only");
      return;
    }

  if (!client_authenticated (msg))
    {
      ts_respond_error (msg, 401, "invalid_client", "Client authentication failed");
      return;
    }

  if (g_strcmp0 (grant_type, "authorization_code") == 0)
    {
      const char *code = g_hash_table_lookup (form, "code");
      const char *verifier = g_hash_table_lookup (form, "code_verifier");
      const char *redirect_uri = g_hash_table_lookup (form, "redirect_uri");
      Grant *grant = code ? g_hash_table_lookup (self->oauth->codes, code) : NULL;
      guchar digest[32];
      gsize digest_length = sizeof digest;
      g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
      g_autofree char *challenge = NULL;
      guint family;
      int scope;

      /* RFC 6749 section 10.5: a code used twice revokes what it gave. */
      if (grant == NULL && code != NULL && g_hash_table_contains (self->oauth->spent, code))
        {
          guint revoked = GPOINTER_TO_UINT (g_hash_table_lookup (self->oauth->spent, code));

          if (revoked != 0)
            g_hash_table_add (self->oauth->revoked, GUINT_TO_POINTER (revoked));
          ts_respond_error (msg, 400, "invalid_grant", "Authorization code reuse detected");
          return;
        }

      if (grant == NULL || verifier == NULL || g_strcmp0 (redirect_uri, grant->redirect_uri) != 0)
        {
          ts_respond_error (msg, 400, "invalid_grant", "Unknown code or redirect_uri mismatch");
          return;
        }

      g_checksum_update (checksum, (const guchar *) verifier, strlen (verifier));
      g_checksum_get_digest (checksum, digest, &digest_length);
      challenge = base64url (digest, digest_length);
      scope = grant->scope;
      if (!g_str_equal (challenge, grant->challenge))
        {
          g_hash_table_remove (self->oauth->codes, code);
          g_hash_table_insert (self->oauth->spent, g_strdup (code), GUINT_TO_POINTER (0));
          ts_respond_error (msg, 400, "invalid_grant", "PKCE verification failed");
          return;
        }

      family = ++self->oauth->next;
      g_hash_table_remove (self->oauth->codes, code);
      g_hash_table_insert (self->oauth->spent, g_strdup (code), GUINT_TO_POINTER (family));
      issue_tokens (self, msg, family, scope);
      return;
    }

  if (g_strcmp0 (grant_type, "refresh_token") == 0)
    {
      const char *refresh = g_hash_table_lookup (form, "refresh_token");
      Token *token = refresh ? g_hash_table_lookup (self->oauth->refresh, refresh) : NULL;

      if (token == NULL ||
          g_hash_table_contains (self->oauth->revoked, GUINT_TO_POINTER (token->family)))
        {
          ts_respond_error (msg, 400, "invalid_grant", "Unknown or revoked refresh token");
          return;
        }

      /* Reuse means theft: the whole family goes. */
      if (token->used)
        {
          g_hash_table_add (self->oauth->revoked, GUINT_TO_POINTER (token->family));
          ts_respond_error (msg, 400, "invalid_grant", "Refresh token reuse detected");
          return;
        }

      token->used = TRUE;
      issue_tokens (self, msg, token->family, token->scope);
      return;
    }

  ts_respond_error (msg, 400, "unsupported_grant_type", NULL);
}

gboolean
ts_oauth_handle (TsServer *self, SoupServerMessage *msg, const char *path, GHashTable *query)
{
  if (g_str_equal (path, "/oauth2/auth"))
    respond_authorize (self, msg, query);
  else if (g_str_equal (path, "/oauth2/token"))
    respond_token (self, msg);
  else
    return FALSE;

  return TRUE;
}
