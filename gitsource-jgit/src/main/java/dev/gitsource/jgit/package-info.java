/** The JGit implementation of gitsource; use it through {@link dev.gitsource.GitSource#builder()}. */
package dev.gitsource.jgit;
