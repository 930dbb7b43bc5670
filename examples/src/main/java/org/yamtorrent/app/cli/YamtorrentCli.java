package org.yamtorrent.app.cli;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Set;

import org.yamtorrent.engine.bencode.BencodeException;
import org.yamtorrent.engine.metainfo.MetainfoException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code yamtorrent <command>}: the engine from the command line, for people and scripts. Each command is its own
 * class; this one names them and maps failures to exit codes.
 */
@Command(name = "yamtorrent", mixinStandardHelpOptions = true, versionProvider = Version.class,
         description = "Download, create, seed and inspect torrents. Without a command, the app runs its Camel routes.",
         subcommands = { DownloadCommand.class, CreateCommand.class, SeedCommand.class, InfoCommand.class,
                         CommandLine.HelpCommand.class },
         exitCodeListHeading = "%nExit codes:%n",
         exitCodeList = { "0:done", "1:the transfer failed (no peer, a stop, a disk error)", "2:wrong arguments",
                          "65:the .torrent or magnet link is malformed", "66:an input file is missing or unreadable" })
public final class YamtorrentCli {

    static final int FAILED = 1;
    static final int BAD_INPUT = 65;
    static final int NO_INPUT = 66;

    private static final Set<String> COMMANDS = Set.of("download", "create", "seed", "info", "help", "--help", "-h",
            "--version", "-V");

    private YamtorrentCli() {
    }

    /** True when the arguments ask for a CLI command rather than the route-running app. */
    public static boolean isCommand(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    /** Runs the command the arguments name on stdout and stderr; returns its exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command the arguments name; returns its exit code. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new YamtorrentCli()).setOut(out).setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println(line.getColorScheme().errorText("yamtorrent " + line.getCommandName() + ": " + message(e)));
            return exitCode(e);
        });
        return cli.execute(args);
    }

    static int exitCode(Throwable e) {
        if (e instanceof NoSuchFileException || e instanceof AccessDeniedException) {
            return NO_INPUT;
        }
        if (e instanceof MetainfoException || e instanceof BencodeException) {
            return BAD_INPUT;
        }
        return FAILED;
    }

    private static String message(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "no such file: " + e.getMessage();
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
