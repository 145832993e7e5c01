package dev.gitsource.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
    @Test
    void eachPhaseEndsOnItsOwnLineWithItsTotalAndRate() {
        StringWriter out = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(out));
        p.progress("receiving objects", 0, 40);
        p.progress("receiving objects", 40, 40);
        p.progress("checking out files", 0, 5000);
        p.progress("checking out files", 5000, 5000);
        p.progress("updating files", 3, 0);
        p.cloneFinished(null, null, null);

        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(last(lines[0])).startsWith("receiving objects").contains("40/40 (100%)").contains("/s");
        assertThat(last(lines[1])).startsWith("checking out files").contains("5000/5000 (100%)").contains("/s");
        // an unknown total shows the count alone, and the line is ended when the operation ends
        assertThat(last(lines[2])).startsWith("updating files").contains(" 3 ").doesNotContain("%");
    }

    /** What a terminal shows of a line rewritten with carriage returns. */
    private static String last(String line) {
        return line.substring(line.lastIndexOf('\r') + 1);
    }
}
