/**
 * Commit and tag signatures: {@link dev.gitsource.jgit.signing.OpenPgpSigner} and
 * {@link dev.gitsource.jgit.signing.SshSigner} implement {@link dev.gitsource.CommitSigner};
 * {@link dev.gitsource.jgit.signing.SignatureVerifier} checks signed commits and tags against
 * trusted keys; {@link dev.gitsource.jgit.signing.SignedObjects} splits a raw commit or tag into
 * what was signed and the signature. Interoperable with C git ({@code git commit -S},
 * {@code git verify-commit}, {@code gpg.format=ssh}).
 */
package dev.gitsource.jgit.signing;
