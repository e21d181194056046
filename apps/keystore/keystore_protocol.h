/* The keystore's request protocol (relay request, driver 0xA0010), shared by keystore,
 * keyclient and imposter.
 *
 *   request  'P' key...      store key for the *calling application*
 *            'G' owner...    the key stored by application `owner` (its application
 *                            identifier); only ever answered for the caller's own
 *   response 'S'             stored
 *            'K' key...      the key
 *            'D'             denied: owner is not the calling application
 *            'N'             no key stored for it
 *            'E'             bad request or no room
 *
 * The keystore learns "the calling application" by asking the identity driver about the
 * client id that came with the request, never from the request's bytes. */
#ifndef KEYSTORE_PROTOCOL_H
#define KEYSTORE_PROTOCOL_H

#define KEYSTORE_NAME "keystore"
#define KEYSTORE_APP "keystore"       /* the keystore application's identifier */
#define KEYSTORE_KEY_MAX 32
#define KEYSTORE_MSG_MAX (1 + 64)

enum {
    KS_PUT = 'P',
    KS_GET = 'G',
    KS_STORED = 'S',
    KS_KEY = 'K',
    KS_DENIED = 'D',
    KS_NONE = 'N',
    KS_ERROR = 'E',
};

#endif
