package io.changetrail.app.users;

/**
 * A newly issued API token with its plaintext ({@code ct_<tokenId>_<secret>}), which exists only
 * here: the store keeps a hash of the secret, so it can never be shown again.
 */
public record IssuedToken(TokenInfo token, String plaintext) {
  @Override
  public String toString() {
    return "IssuedToken[" + token.tokenId() + " for " + token.user() + ", plaintext hidden]";
  }
}
