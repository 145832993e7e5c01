package dev.gitsource.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** {@code gitsource serve}: the test kit's standalone server, for offline work. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the bare repositories under DIR over HTTP (and SSH, git://) until interrupted.",
                "Options: --http PORT, --ssh PORT --ssh-key AUTHORIZED_KEYS, --git PORT, "
                        + "--user USER with --password-env VAR or --password-file FILE (never the password itself) "
                        + "(port 0: any free port). Pushes create repositories."})
final class ServeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR") String dir;
    @Unmatched List<String> options = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>();
        args.add(dir);
        args.addAll(options);
        dev.gitsource.testkit.Main.run(args.toArray(new String[0])).await();
        return 0;
    }
}
