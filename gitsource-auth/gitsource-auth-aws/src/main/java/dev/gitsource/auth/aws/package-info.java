/** AWS CodeCommit SigV4 Git credentials: the {@code aws} provider plugin. */
package dev.gitsource.auth.aws;
