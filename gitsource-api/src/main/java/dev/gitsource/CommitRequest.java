package dev.gitsource;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A commit to make: files to write or delete, then every change in the working tree is
 * staged and committed. Immutable; each {@code with} method returns a new request.
 */
public final class CommitRequest {
    private final Person author;
    private final Person committer;
    private final String message;
    private final Map<String, byte[]> files; // null value = delete
    private final CommitSigner signer;

    private CommitRequest(Person author, Person committer, String message, Map<String, byte[]> files,
            CommitSigner signer) {
        this.author = author;
        this.committer = committer;
        this.message = message;
        this.files = files;
        this.signer = signer;
    }

    /**
     * @param author the author (and committer, unless one is given)
     * @param message the commit message
     * @return a request that commits the working tree's changes
     */
    public static CommitRequest of(Person author, String message) {
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(message, "message");
        if (message.isBlank()) {
            throw new IllegalArgumentException("commit message must not be blank");
        }
        return new CommitRequest(author, null, message, Map.of(), null);
    }

    /**
     * @param path a relative path in the working copy
     * @param content the file's text, written as UTF-8
     * @return a request that also writes this file
     * @throws IllegalArgumentException if the path leaves the working copy or enters {@code .git}
     */
    public CommitRequest withFile(String path, String content) {
        return withFile(path, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param path a relative path in the working copy
     * @param content the file's bytes
     * @return a request that also writes this file
     * @throws IllegalArgumentException if the path leaves the working copy or enters {@code .git}
     */
    public CommitRequest withFile(String path, byte[] content) {
        Objects.requireNonNull(content, "content");
        return withChange(path, content.clone());
    }

    /**
     * @param path a relative path in the working copy
     * @return a request that also deletes this file
     */
    public CommitRequest withDeletion(String path) {
        return withChange(path, null);
    }

    private CommitRequest withChange(String path, byte[] content) {
        String p = Names.relativePath("file path", path);
        Map<String, byte[]> copy = new LinkedHashMap<>(files);
        copy.put(p, content);
        return new CommitRequest(author, committer, message, Collections.unmodifiableMap(copy), signer);
    }

    /**
     * @param committer the committer, if not the author
     * @return a request with that committer
     */
    public CommitRequest committedBy(Person committer) {
        return new CommitRequest(author, Objects.requireNonNull(committer, "committer"), message, files, signer);
    }

    /**
     * @param signer signs the commit
     * @return a request for a signed commit
     */
    public CommitRequest signedBy(CommitSigner signer) {
        return new CommitRequest(author, committer, message, files, Objects.requireNonNull(signer, "signer"));
    }

    /** @return the author */
    public Person author() {
        return author;
    }

    /** @return the committer: the one given, else the author */
    public Person committer() {
        return committer == null ? author : committer;
    }

    /** @return the message */
    public String message() {
        return message;
    }

    /**
     * @return the files to write (path to bytes) and delete (path to an empty Optional),
     *     in the order given
     */
    public Map<String, Optional<byte[]>> files() {
        Map<String, Optional<byte[]>> out = new LinkedHashMap<>();
        files.forEach((k, v) -> out.put(k, Optional.ofNullable(v).map(byte[]::clone)));
        return Collections.unmodifiableMap(out);
    }

    /** @return the signer, if the commit is to be signed */
    public Optional<CommitSigner> signer() {
        return Optional.ofNullable(signer);
    }

    @Override
    public String toString() {
        return "CommitRequest[" + author + ", " + files.size() + " file(s), " + (signer == null ? "unsigned" : "signed") + "]";
    }
}
