/**
 * gitsource: clone, check out, commit and push Git repositories from programs that run
 * unattended. Start with {@link dev.gitsource.GitSource#builder()}.
 */
package dev.gitsource;
