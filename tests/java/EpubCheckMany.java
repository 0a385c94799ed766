// EPUBCheck on many EPUBs in one JVM, for the tests (tests/validators.py starts it once a
// session): a cold EPUBCheck costs 6-12 s on two cores, most of it starting Java and loading
// its schemas; a warm one judges a small EPUB in a fraction of a second.
//
// Each line on stdin is one command line of EPUBCheck's, its words separated by tabs; it runs
// as `java -jar epubcheck.jar <words>` would (a new EpubChecker each time, its report written
// where --json says), EPUBCheck's console output going to the file named by the first word
// (then dropped from the command). One line answers each: "EPUBCHECK-DONE <exit status>".
// Run as a single source file (`java -cp epubcheck.jar EpubCheckMany.java`): nothing to build.

import com.adobe.epubcheck.tool.EpubChecker;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

public class EpubCheckMany {
    public static void main(String[] args) throws Exception {
        PrintStream answers =
                new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream console = System.err;
        System.setOut(console); // only the answers on stdout
        BufferedReader requests =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = requests.readLine()) != null) {
            String[] words = line.split("\t");
            int status;
            try (PrintStream log = new PrintStream(new FileOutputStream(words[0]), true, StandardCharsets.UTF_8)) {
                System.setOut(log);
                System.setErr(log);
                try {
                    status = new EpubChecker().run(Arrays.copyOfRange(words, 1, words.length));
                } catch (RuntimeException | Error e) {
                    e.printStackTrace(log);
                    status = -1;
                } finally {
                    System.setOut(console);
                    System.setErr(console);
                }
            }
            answers.println("EPUBCHECK-DONE " + status);
        }
    }
}
