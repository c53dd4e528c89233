/* trove-oauth.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "trove-error.h"
#include "trove-json.h"
#include "trove-oauth-private.h"
#include "trove-read-all.h"
#include "trove-url.h"

/* A token response is a few kilobytes at most. */
#define MAX_TOKEN_RESPONSE_BYTES (64 * 1024)

G_DEFINE_BOXED_TYPE (TroveOAuthTokens,
                     trove_oauth_tokens,
                     trove_oauth_tokens_copy,
                     trove_oauth_tokens_free)

TroveOAuthTokens *
trove_oauth_tokens_copy (const TroveOAuthTokens *tokens)
{
  TroveOAuthTokens *copy = g_new0 (TroveOAuthTokens, 1);

  copy->access_token = g_strdup (tokens->access_token);
  copy->refresh_token = g_strdup (tokens->refresh_token);
  copy->expires_in = tokens->expires_in;
  copy->token_type = g_strdup (tokens->token_type);
  copy->scope = g_strdup (tokens->scope);

  return copy;
}

void
trove_oauth_tokens_free (TroveOAuthTokens *tokens)
{
  if (tokens == NULL)
    return;

  g_free (tokens->access_token);
  g_free (tokens->refresh_token);
  g_free (tokens->token_type);
  g_free (tokens->scope);
  g_free (tokens);
}

char *
_trove_oauth_base64url (const guint8 *data, gsize length)
{
  char *text = g_base64_encode (data, length);
  char *padding;

  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  padding = strchr (text, '=');
  if (padding != NULL)
    *padding = '\0';

  return text;
}

/* g_random_* is not a cryptographic generator: read the kernel's. */
static char *
random_base64url (gsize length, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path ("/dev/urandom");
  g_autoptr (GFileInputStream) stream = NULL;
  guint8 buffer[64];
  gsize read = 0;

  g_assert (length <= sizeof buffer);

  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return NULL;
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, length, &read, NULL, error))
    return NULL;
  if (read != length)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _ ("Could not read enough random bytes."));
      return NULL;
    }

  return _trove_oauth_base64url (buffer, length);
}

char *
trove_oauth_new_verifier (GError **error)
{
  return random_base64url (32, error);
}

char *
trove_oauth_new_state (GError **error)
{
  return random_base64url (16, error);
}

char *
trove_oauth_compute_challenge (const char *verifier)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;

  g_return_val_if_fail (verifier != NULL, NULL);

  g_checksum_update (checksum, (const guchar *) verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &length);

  return _trove_oauth_base64url (digest, length);
}

static char *
endpoint_url (const char *base, const char *path)
{
  gsize length = strlen (base);

  while (length > 0 && base[length - 1] == '/')
    length--;

  return g_strdup_printf ("%.*s%s", (int) length, base, path);
}

char *
trove_oauth_build_authorize_url (const char *auth_base_url,
                                 const char *client_id,
                                 const char *redirect_uri,
                                 const char *scope,
                                 const char *state,
                                 const char *code_challenge)
{
  g_autofree char *endpoint = NULL;
  g_autofree char *query = NULL;

  g_return_val_if_fail (auth_base_url != NULL, NULL);
  g_return_val_if_fail (client_id != NULL && redirect_uri != NULL && scope != NULL, NULL);
  g_return_val_if_fail (state != NULL && code_challenge != NULL, NULL);

  endpoint = endpoint_url (auth_base_url, "/oauth2/auth");
  query = soup_form_encode ("response_type", "code", "client_id", client_id, "redirect_uri",
                            redirect_uri, "scope", scope, "state", state, "code_challenge",
                            code_challenge, "code_challenge_method", "S256", NULL);

  return g_strconcat (endpoint, "?", query, NULL);
}

/* Token endpoint */

static const char *
member_string (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

TroveOAuthTokens *
_trove_oauth_parse_token_response (guint status, GBytes *body, GError **error)
{
  g_autoptr (GError) parse_error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (TroveOAuthTokens) tokens = NULL;
  JsonObject *object = NULL;
  JsonNode *expires;
  const char *value;

  root = body ? trove_json_parse (body, "/oauth2/token", &parse_error) : NULL;
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      const char *code = object ? member_string (object, "error") : NULL;

      if (g_strcmp0 (code, "invalid_grant") == 0)
        g_set_error_literal (error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION,
                             _ ("The sign-in server refused the grant (it expired, was revoked or "
                                "was used twice). "
                                "Reconnect this account."));
      else if (g_strcmp0 (code, "invalid_client") == 0 || status == SOUP_STATUS_UNAUTHORIZED)
        g_set_error_literal (error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION,
                             _ ("The sign-in server refused the client ID or client secret."));
      else if (SOUP_STATUS_IS_SERVER_ERROR (status))
        g_set_error (error, TROVE_ERROR, TROVE_ERROR_SERVER,
                     _ ("The sign-in server failed (HTTP %u). Try again later."), status);
      else
        g_set_error (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                     _ ("The sign-in server refused the request (HTTP %u%s%s)."), status,
                     code && g_utf8_validate (code, -1, NULL) ? ", " : "",
                     code && g_utf8_validate (code, -1, NULL) ? code : "");
      return NULL;
    }

  if (object == NULL)
    {
      g_set_error_literal (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                           _ ("The sign-in server sent an answer that is not a JSON object."));
      return NULL;
    }

  tokens = g_new0 (TroveOAuthTokens, 1);

  value = member_string (object, "access_token");
  if (value == NULL || *value == '\0')
    {
      g_set_error_literal (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                           _ ("The sign-in server sent no access token."));
      return NULL;
    }
  tokens->access_token = g_strdup (value);

  value = member_string (object, "token_type");
  if (value != NULL && g_ascii_strcasecmp (value, "bearer") != 0)
    {
      g_set_error_literal (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                           _ ("The sign-in server sent a token of an unknown type."));
      return NULL;
    }
  tokens->token_type = g_strdup (value ? value : "Bearer");

  value = member_string (object, "refresh_token");
  if (value != NULL && *value != '\0')
    tokens->refresh_token = g_strdup (value);

  value = member_string (object, "scope");
  if (value != NULL)
    tokens->scope = g_strdup (value);

  expires = json_object_get_member (object, "expires_in");
  if (expires != NULL && !JSON_NODE_HOLDS_NULL (expires))
    {
      if (!JSON_NODE_HOLDS_VALUE (expires) || (json_node_get_value_type (expires) != G_TYPE_INT64 &&
                                               json_node_get_value_type (expires) != G_TYPE_DOUBLE))
        {
          g_set_error_literal (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                               _ ("The sign-in server sent a token lifetime that is not a "
                                  "number."));
          return NULL;
        }

      if (json_node_get_value_type (expires) == G_TYPE_INT64)
        tokens->expires_in = json_node_get_int (expires);
      else
        {
          double seconds = json_node_get_double (expires);

          tokens->expires_in = seconds >= 0 && seconds < G_MAXINT32 ? (gint64) seconds : -1;
        }

      /* Ten years is plenty; anything outside is nonsense. */
      if (tokens->expires_in < 0 || tokens->expires_in > 10 * 365 * 24 * 3600)
        {
          g_set_error_literal (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                               _ ("The sign-in server sent an impossible token lifetime."));
          return NULL;
        }
    }

  return g_steal_pointer (&tokens);
}

static void
token_body_read_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr (GBytes) body = NULL;
  GError *error = NULL;
  TroveOAuthTokens *tokens;

  body = trove_read_all_finish (result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  tokens = _trove_oauth_parse_token_response (soup_message_get_status (msg), body, &error);
  if (tokens == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, tokens, (GDestroyNotify) trove_oauth_tokens_free);
}

static void
token_sent_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GError) error = NULL;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (stream == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_NETWORK,
                                 _ ("Could not reach the sign-in server: %s"), error->message);
      return;
    }

  trove_read_all_async (stream, MAX_TOKEN_RESPONSE_BYTES, G_PRIORITY_DEFAULT,
                        g_task_get_cancellable (task), token_body_read_cb, g_object_ref (task));
}

static void
post_token_request (GTask *task,
                    SoupSession *session,
                    const char *auth_base_url,
                    const char *client_id,
                    const char *client_secret,
                    char *form /* owned */)
{
  g_autofree char *url = NULL;
  g_autofree char *credentials = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *header = NULL;
  g_autofree char *escaped_id = NULL;
  g_autofree char *escaped_secret = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = g_bytes_new_take (form, strlen (form));
  SoupMessage *msg;

  if (!trove_url_check_base (auth_base_url, _ ("The sign-in base URL"), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  url = endpoint_url (auth_base_url, "/oauth2/token");
  msg = soup_message_new (SOUP_METHOD_POST, url);
  if (msg == NULL)
    {
      g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                               _ ("The sign-in base URL is not valid."));
      return;
    }
  g_task_set_task_data (task, msg, g_object_unref);

  /* RFC 6749 section 2.3.1: both form-encoded, then Basic. */
  escaped_id = g_uri_escape_string (client_id, NULL, FALSE);
  escaped_secret = g_uri_escape_string (client_secret, NULL, FALSE);
  credentials = g_strconcat (escaped_id, ":", escaped_secret, NULL);
  encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  header = g_strconcat ("Basic ", encoded, NULL);
  memset (credentials, 0, strlen (credentials));

  soup_message_set_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                "application/json");
  soup_message_set_request_body_from_bytes (msg, SOUP_FORM_MIME_TYPE_URLENCODED, body);

  soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                           token_sent_cb, g_object_ref (task));
}

/* Codes this process has sent, as SHA-256 digests: the newest few are enough, as a code lives
 * for minutes and a person signs in rarely. */
#define MAX_USED_CODES 64

G_LOCK_DEFINE_STATIC (used_codes);
static GQueue used_codes = G_QUEUE_INIT;

/* Whether @code was new (it is now used). */
static gboolean
claim_code (const char *code)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, code, -1);
  gboolean fresh;

  G_LOCK (used_codes);
  fresh = g_queue_find_custom (&used_codes, digest, (GCompareFunc) g_strcmp0) == NULL;
  if (fresh)
    {
      g_queue_push_tail (&used_codes, g_steal_pointer (&digest));
      if (g_queue_get_length (&used_codes) > MAX_USED_CODES)
        g_free (g_queue_pop_head (&used_codes));
    }
  G_UNLOCK (used_codes);

  return fresh;
}

void
trove_oauth_exchange_code_async (SoupSession *session,
                                 const char *auth_base_url,
                                 const char *client_id,
                                 const char *client_secret,
                                 const char *code,
                                 const char *redirect_uri,
                                 const char *code_verifier,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (auth_base_url != NULL && client_id != NULL && client_secret != NULL);
  g_return_if_fail (code != NULL && redirect_uri != NULL && code_verifier != NULL);

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_oauth_exchange_code_async);

  /* A second exchange cannot succeed, and a server may revoke what the first one gave
   * (RFC 6749 section 10.5). */
  if (!claim_code (code))
    {
      g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                               _ ("This sign-in answer was already used. Sign in again."));
      return;
    }

  post_token_request (task, session, auth_base_url, client_id, client_secret,
                      soup_form_encode ("grant_type", "authorization_code", "code", code,
                                        "redirect_uri", redirect_uri, "code_verifier",
                                        code_verifier, NULL));
}

TroveOAuthTokens *
trove_oauth_exchange_code_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_async_result_is_tagged (result, trove_oauth_exchange_code_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
trove_oauth_refresh_async (SoupSession *session,
                           const char *auth_base_url,
                           const char *client_id,
                           const char *client_secret,
                           const char *refresh_token,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (auth_base_url != NULL && client_id != NULL && client_secret != NULL);
  g_return_if_fail (refresh_token != NULL);

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_oauth_refresh_async);

  post_token_request (task, session, auth_base_url, client_id, client_secret,
                      soup_form_encode ("grant_type", "refresh_token", "refresh_token",
                                        refresh_token, NULL));
}

TroveOAuthTokens *
trove_oauth_refresh_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_async_result_is_tagged (result, trove_oauth_refresh_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
