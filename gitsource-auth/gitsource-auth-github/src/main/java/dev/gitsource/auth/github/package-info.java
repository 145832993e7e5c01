/** GitHub App installation tokens as Git credentials: the {@code github} provider plugin. */
package dev.gitsource.auth.github;
