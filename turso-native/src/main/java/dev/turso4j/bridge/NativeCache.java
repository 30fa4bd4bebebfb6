package dev.turso4j.bridge;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A folder of unpacked copies of the native library, used only while nobody but its owner can change
 * what the loader is about to load.
 *
 * <p>The loader owns {@code root} and everything below it down to {@code folder}, plus any folder it
 * creates on the way. On POSIX file systems each of them must be a real folder (not a symbolic link),
 * owned by the current user, and writable by nobody else; otherwise {@link #copyOf} throws
 * {@link Refused} and touches nothing. Group and other <em>read</em> permission is accepted: the
 * library is the jar's, nothing secret, and only write permission lets someone swap it. Folders above
 * {@code root} (the home directory, {@code ~/.cache}) are the user's environment and not judged: whoever
 * can write those can already swap other programs' files there, and judging them would refuse common
 * set-ups (a {@code ~/.cache} made under a umask of 002 is group-writable).
 *
 * <p>On file systems without POSIX permissions (Windows) owners and permissions are not checked: Windows
 * gives files made by an elevated process to the Administrators group, and the default folder lies in the
 * user profile, which only the user and administrators can write. Links are refused there too, and
 * every copy is checked against its SHA-256 digest on every file system.
 */
final class NativeCache {

    private static final System.Logger LOGGER = System.getLogger(NativeCache.class.getName());

    private final Path root;

    private final Path folder;

    private final UserPrincipal user;

    private final boolean posix;

    /**
     * @param root the topmost folder the loader owns: {@code folder} or one of its ancestors
     * @param folder where copies are unpacked
     * @param user who must own the folders and copies
     */
    NativeCache(Path root, Path folder, UserPrincipal user) {
        this.root = root.toAbsolutePath().normalize();
        this.folder = folder.toAbsolutePath().normalize();
        if (!this.folder.startsWith(this.root)) {
            throw new IllegalArgumentException(folder + " is not inside " + root);
        }
        this.user = user;
        this.posix = this.folder.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** A cache for the user this process runs as. */
    static NativeCache ofCurrentUser(Path root, Path folder) throws IOException {
        return new NativeCache(root, folder, currentUser());
    }

    /**
     * The owner of a file this process creates: its effective user, found without a user name (a
     * container's user may have none).
     */
    static UserPrincipal currentUser() throws IOException {
        Path probe = Files.createTempFile("turso4j-", ".owner");
        try {
            return Files.getOwner(probe, NOFOLLOW_LINKS);
        }
        finally {
            Files.deleteIfExists(probe);
        }
    }

    /**
     * Returns the verified copy of {@code library} in the folder, unpacking it first unless an intact copy
     * is there. Its name carries the turso4j version and the start of the library's digest, so different
     * builds never share one; a new copy appears by an atomic rename, so nobody sees half of it.
     *
     * <p>What is returned is loaded by path afterwards. That is safe because the copy and every folder the
     * loader owns were just found writable by this user alone: the only ones who could swap the file
     * between the check and the load are this user and root, who can do anything anyway, and another
     * turso4j of this user only ever renames the same bytes over it. Renaming a folder above {@code root}
     * remains, for whoever can write there (see the class comment).
     * @throws Refused when a folder or the copy is a link, belongs to someone else, or others can write it
     * @throws IOException when the folder or the copy cannot be made
     */
    Path copyOf(BundledLibrary library) throws IOException {
        prepareFolders();
        Path copy = this.folder.resolve(
                NativeLoader.version() + "-" + library.sha256().substring(0, 16) + "-" + library.fileName());
        if (holds(copy, library)) {
            return copy;
        }
        Path partial = Files.createTempFile(this.folder, "unpacking-", ".tmp"); // owner-only on POSIX
        try {
            library.copyTo(partial);
            Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        }
        finally {
            NativeLoader.deleteQuietly(partial);
        }
    }

    /**
     * Checks the folders the loader owns, top down: root down to the folder, and any it creates above
     * root. A missing one is created owner-only. Each is checked before anything is made inside it, so
     * nothing is ever created through a link.
     */
    private void prepareFolders() throws IOException {
        Path top = this.root;
        for (Path dir = this.folder; dir != null && Files.notExists(dir, NOFOLLOW_LINKS); dir = dir.getParent()) {
            if (!dir.startsWith(top)) {
                top = dir;
            }
        }
        Deque<Path> owned = new ArrayDeque<>();
        for (Path dir = this.folder; !dir.equals(top); dir = dir.getParent()) {
            owned.push(dir);
        }
        owned.push(top);
        for (Path dir : owned) {
            if (Files.notExists(dir, NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(dir, ownerOnly());
                }
                catch (FileAlreadyExistsException ex) {
                    // made meanwhile, by another loader or by someone else: checked like the rest
                }
            }
            checkFolder(dir);
        }
    }

    private FileAttribute<?>[] ownerOnly() {
        return this.posix
                ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")) }
                : new FileAttribute<?>[0];
    }

    private void checkFolder(Path dir) throws IOException {
        BasicFileAttributes attributes = attributesOf(dir);
        if (attributes.isSymbolicLink()) {
            throw new Refused(dir, "is a symbolic link");
        }
        if (!attributes.isDirectory() || attributes.isOther()) {
            throw new Refused(dir, "is not a plain folder");
        }
        if (attributes instanceof PosixFileAttributes posixAttributes) {
            checkOwner(dir, posixAttributes);
            if (writableByOthers(posixAttributes)) {
                throw new Refused(dir, "can be written by its group or others ("
                        + PosixFilePermissions.toString(posixAttributes.permissions()) + "); only its owner may write it");
            }
        }
    }

    /**
     * Whether {@code copy} is an intact copy of the library; false when there is none or it is to be
     * written again.
     */
    private boolean holds(Path copy, BundledLibrary library) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = attributesOf(copy);
        }
        catch (NoSuchFileException ex) {
            return false;
        }
        if (attributes.isSymbolicLink()) {
            throw new Refused(copy, "is a symbolic link");
        }
        if (!attributes.isRegularFile()) {
            throw new Refused(copy, "is not a regular file");
        }
        if (attributes instanceof PosixFileAttributes posixAttributes) {
            checkOwner(copy, posixAttributes); // a copy that is not ours is not ours to replace either
            if (writableByOthers(posixAttributes)) {
                LOGGER.log(Level.DEBUG, "Unpacking the native library again: others can write {0}", copy);
                return false;
            }
        }
        if (!library.matches(copy)) {
            LOGGER.log(Level.DEBUG, "Unpacking the native library again: {0} does not match its SHA-256 digest", copy);
            return false;
        }
        return true;
    }

    private void checkOwner(Path path, PosixFileAttributes attributes) throws Refused {
        if (!attributes.owner().equals(this.user)) {
            throw new Refused(path, "is owned by " + attributes.owner().getName() + ", not by " + this.user.getName());
        }
    }

    private static boolean writableByOthers(PosixFileAttributes attributes) {
        return attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)
                || attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE);
    }

    private BasicFileAttributes attributesOf(Path path) throws IOException {
        return this.posix ? Files.readAttributes(path, PosixFileAttributes.class, NOFOLLOW_LINKS)
                : Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW_LINKS);
    }

    /** The cache is not safe to load from; the message names the path and why. */
    static final class Refused extends IOException {

        private static final long serialVersionUID = 1L;

        Refused(Path path, String reason) {
            super(path + " " + reason);
        }
    }
}
