package dev.gitsource;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The path survives serialization (a Path itself is not serializable); an unknown path is empty. */
class LocalFileSystemExceptionTest {
    @Test
    void keepsThePathThroughSerialization() throws Exception {
        Path dir = Path.of("/var/lib/controller/.app.gitsource-1");
        LocalFileSystemException e = new LocalFileSystemException("local file system failed in " + dir
                + ": No space left on device", dir, new IOException("No space left on device"));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(e);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            LocalFileSystemException back = (LocalFileSystemException) in.readObject();
            assertThat(back.path()).contains(dir);
            assertThat(back).hasMessage(e.getMessage()).hasCauseInstanceOf(IOException.class);
        }
        assertThat(e).isInstanceOf(GitSourceException.class).isNotInstanceOf(GitTransportException.class)
                .isNotInstanceOf(AuthenticationException.class);
    }

    @Test
    void anUnknownPathIsEmpty() {
        assertThat(new LocalFileSystemException("local file system failed: Too many open files", null, null).path())
                .isEmpty();
    }
}
