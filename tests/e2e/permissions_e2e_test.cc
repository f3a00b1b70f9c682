// End to end: the modes and owners of a database, and databases this user
// may not use. A database that a parallel run replaces by the merge of its
// shards (indexer/sharded_writer.h), and the facet column file written next
// to its tables, keep the modes and owner the database had; a database this
// user may not read or write is refused with "permission denied" and the
// path, whatever Xapian makes of it.
//
// Root ignores modes: when the tests run as root, the tools run as user and
// group 65534 ("nobody"), and the databases they are given belong to root
// or are given to 65534 (an owner only root can set), so that every test
// asserts the same things whoever runs it.
#include <fcntl.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "e2e_support.h"

namespace facette::e2e {
namespace {

namespace fs = std::filesystem;

constexpr uid_t kOtherUser = 65534;
constexpr gid_t kOtherGroup = 65534;

struct stat StatOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(0, stat(path.c_str(), &st)) << path;
  return st;
}

// Gives `db` and every file in it these modes, and, with `give_away` when
// the test runs as root, the other user as owner (which the tools running
// as root must keep).
void SetModes(const std::string& db, mode_t dir_mode, mode_t file_mode, bool give_away) {
  const bool chown_too = give_away && geteuid() == 0;
  for (const auto& entry : fs::directory_iterator(db)) {
    ASSERT_EQ(0, chmod(entry.path().c_str(), file_mode)) << entry.path();
    if (chown_too) {
      ASSERT_EQ(0, chown(entry.path().c_str(), kOtherUser, kOtherGroup));
    }
  }
  ASSERT_EQ(0, chmod(db.c_str(), dir_mode));
  if (chown_too) {
    ASSERT_EQ(0, chown(db.c_str(), kOtherUser, kOtherGroup));
  }
}

// `db` has these modes and the owner `owner` has (a stat of the database
// before the run), and so has every file in it.
void ExpectModes(const std::string& db, mode_t dir_mode, mode_t file_mode,
                 const struct stat& owner) {
  struct stat dir = StatOf(db);
  EXPECT_EQ(dir_mode, dir.st_mode & 07777) << db;
  EXPECT_EQ(owner.st_uid, dir.st_uid) << db;
  EXPECT_EQ(owner.st_gid, dir.st_gid) << db;
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(db)) {
    struct stat file = StatOf(entry.path().string());
    EXPECT_EQ(file_mode, file.st_mode & 07777) << entry.path();
    EXPECT_EQ(owner.st_uid, file.st_uid) << entry.path();
    EXPECT_EQ(owner.st_gid, file.st_gid) << entry.path();
    ++files;
  }
  EXPECT_TRUE(fs::exists(db + "/postlist.glass"));
  EXPECT_TRUE(fs::exists(db + "/facette.facets"));
  EXPECT_GE(files, 5u);
}

// The tools create files with the umask's modes; a known one makes the
// modes they would have given a fixed expectation.
class KnownUmask {
 public:
  KnownUmask() : saved_(umask(022)) {}
  ~KnownUmask() { umask(saved_); }

 private:
  mode_t saved_;
};

// The first `count` lines of corpus/articles.jsonl.
std::string FirstArticles(std::size_t count) {
  std::istringstream in(ReadFile(CorpusDir() + "/articles.jsonl"));
  std::string out;
  std::string line;
  for (std::size_t i = 0; i < count && std::getline(in, line); ++i) out += line + "\n";
  return out;
}

class PermissionsE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    // The other user must reach the databases (and read the inputs).
    ASSERT_EQ(0, chmod(dir_.path().c_str(), 0755));
    WriteFile(dir_.Path("first.jsonl"), FirstArticles(10));
    WriteFile(dir_.Path("empty.jsonl"), "");
  }
  void TearDown() override {
    // Modes a test took away, given back so that the folder can be removed.
    std::error_code ignored;
    for (const auto& entry : fs::recursive_directory_iterator(
             dir_.path(), fs::directory_options::skip_permission_denied, ignored)) {
      if (entry.is_directory(ignored)) chmod(entry.path().c_str(), 0755);
    }
    chmod(db_.c_str(), 0755);
    for (const auto& entry : fs::directory_iterator(db_, ignored))
      chmod(entry.path().c_str(), 0644);
  }

  CommandResult Index(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {IndexBinary(), "--db", db_, "--quiet"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv);
  }

  // Runs `argv` as another user when the test runs as root (which ignores
  // modes), as this one otherwise; standard input from /dev/null.
  CommandResult RunAsOtherUser(const std::vector<std::string>& argv) {
    TempDir capture;
    const std::string out = capture.Path("out");
    const std::string err = capture.Path("err");
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = fork();
    if (pid == 0) {
      int in_fd = open("/dev/null", O_RDONLY);
      int out_fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      dup2(in_fd, 0);
      dup2(out_fd, 1);
      dup2(err_fd, 2);
      if (geteuid() == 0 &&
          (setgroups(0, nullptr) != 0 || setgid(kOtherGroup) != 0 || setuid(kOtherUser) != 0)) {
        _exit(126);
      }
      execv(args[0], args.data());
      _exit(127);
    }
    CommandResult result;
    int status = 0;
    EXPECT_EQ(pid, waitpid(pid, &status, 0));
    result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = ReadFile(out);
    result.err = ReadFile(err);
    EXPECT_NE(result.exit_status, 126) << "could not become the other user";
    EXPECT_NE(result.exit_status, 127) << "could not run " << argv[0];
    return result;
  }

  // Expects a refusal that says "permission denied" on `path`.
  void ExpectPermissionDenied(const CommandResult& r, int status, const std::string& path) {
    EXPECT_EQ(status, r.exit_status) << r.err;
    EXPECT_NE(std::string::npos, r.err.find(path + ": permission denied")) << r.err;
    EXPECT_EQ(std::string::npos, r.err.find("another process")) << r.err;
    EXPECT_EQ(std::string::npos, r.err.find("not a facette database")) << r.err;
  }

  TempDir dir_;
  std::string db_ = dir_.Path("db");
  KnownUmask umask_;
};

// A parallel addition to a database that has articles merges them with the
// new ones into another directory, exchanged with the database's (its inode
// changes): that one takes the database's modes and owner.
TEST_F(PermissionsE2E, AParallelAdditionKeepsTheModesAndOwnerOfAPrivateDatabase) {
  ASSERT_EQ(0, Index({"--jobs", "1", dir_.Path("first.jsonl")}).exit_status);
  SetModes(db_, 0700, 0600, /*give_away=*/true);
  const struct stat before = StatOf(db_);
  CommandResult r = Index({"--jobs", "2", CorpusDir() + "/articles.jsonl"});
  ASSERT_EQ(0, r.exit_status) << r.err;
  EXPECT_NE(before.st_ino, StatOf(db_).st_ino) << "no exchange: the test proved nothing";
  ExpectModes(db_, 0700, 0600, before);
  EXPECT_EQ(ReadCorpusArticles(CorpusDir() + "/articles.jsonl").size(),
            Xapian::Database(db_).get_doccount());
}

// The same when the parallel run starts on an empty database.
TEST_F(PermissionsE2E, AParallelRunOnAnEmptyDatabaseKeepsItsModesAndOwner) {
  ASSERT_EQ(0, Index({"--jobs", "1", dir_.Path("empty.jsonl")}).exit_status);
  ASSERT_EQ(0u, Xapian::Database(db_).get_doccount());
  SetModes(db_, 0750, 0640, /*give_away=*/true);
  const struct stat before = StatOf(db_);
  CommandResult r = Index({"--jobs", "2", CorpusDir() + "/articles.jsonl"});
  ASSERT_EQ(0, r.exit_status) << r.err;
  EXPECT_NE(before.st_ino, StatOf(db_).st_ino) << "no exchange: the test proved nothing";
  ExpectModes(db_, 0750, 0640, before);
}

// An empty directory the user made private for the database: the database
// created there, and the one the parallel run swaps in, stay private (the
// files get the directory's modes without the execute bits).
TEST_F(PermissionsE2E, AnEmptyDirectoryMadePrivateStaysPrivate) {
  ASSERT_EQ(0, mkdir(db_.c_str(), 0755));
  SetModes(db_, 0700, 0600, /*give_away=*/true);
  const struct stat before = StatOf(db_);
  CommandResult r = Index({"--jobs", "2", CorpusDir() + "/articles.jsonl"});
  ASSERT_EQ(0, r.exit_status) << r.err;
  ExpectModes(db_, 0700, 0600, before);
}

// One thread writes into the database itself; the facet column file, which
// it writes to a temporary file and renames, gets the tables' mode and
// owner, not the umask's.
TEST_F(PermissionsE2E, TheFacetColumnFileGetsTheModeOfTheTables) {
  ASSERT_EQ(0, Index({"--jobs", "1", dir_.Path("first.jsonl")}).exit_status);
  SetModes(db_, 0700, 0640, /*give_away=*/true);
  const struct stat before = StatOf(db_);
  const struct stat facets_before = StatOf(db_ + "/facette.facets");
  CommandResult r = Index({"--jobs", "1", CorpusDir() + "/articles.jsonl"});
  ASSERT_EQ(0, r.exit_status) << r.err;
  ASSERT_EQ(before.st_ino, StatOf(db_).st_ino);
  const struct stat facets = StatOf(db_ + "/facette.facets");
  EXPECT_NE(facets_before.st_ino, facets.st_ino) << "the file was not written again";
  EXPECT_EQ(0640u, facets.st_mode & 07777);
  EXPECT_EQ(before.st_uid, facets.st_uid);
  EXPECT_EQ(before.st_gid, facets.st_gid);
}

// A database this user may read but not write: the indexer says so and
// changes nothing; searching it works.
TEST_F(PermissionsE2E, IndexingADatabaseThisUserMayNotWriteSaysPermissionDenied) {
  ASSERT_EQ(0, Index({"--jobs", "1", dir_.Path("first.jsonl")}).exit_status);
  const Xapian::doccount count = Xapian::Database(db_).get_doccount();
  SetModes(db_, 0555, 0444, /*give_away=*/false);
  for (const std::string jobs : {"1", "2"}) {
    CommandResult r = RunAsOtherUser(
        {IndexBinary(), "--db", db_, "--jobs", jobs, "--quiet", CorpusDir() + "/articles.jsonl"});
    ExpectPermissionDenied(r, 1, db_);
  }
  ASSERT_EQ(0, chmod(db_.c_str(), 0755));
  EXPECT_EQ(count, Xapian::Database(db_).get_doccount());
  EXPECT_FALSE(fs::exists(db_ + ".facette-tmp"));
  ASSERT_EQ(0, chmod(db_.c_str(), 0555));
  CommandResult query =
      RunAsOtherUser({QueryBinary(), "--db", db_, "--format", "ids", "--limit", "100"});
  EXPECT_EQ(0, query.exit_status) << query.err;
  EXPECT_EQ(count,
            static_cast<Xapian::doccount>(std::count(query.out.begin(), query.out.end(), '\n')));
}

// A database this user may not read: both tools say "permission denied",
// naming the directory, or the table, it may not read.
TEST_F(PermissionsE2E, ADatabaseThisUserMayNotReadSaysPermissionDenied) {
  ASSERT_EQ(0, Index({"--jobs", "1", dir_.Path("first.jsonl")}).exit_status);
  SetModes(db_, 0000, 0644, /*give_away=*/false);
  ExpectPermissionDenied(RunAsOtherUser({QueryBinary(), "--db", db_, "attentat"}), 2, db_);
  ExpectPermissionDenied(
      RunAsOtherUser({IndexBinary(), "--db", db_, "--quiet", CorpusDir() + "/articles.jsonl"}), 1,
      db_);

  // The other user's database (writable by them), but for one table.
  SetModes(db_, 0755, 0644, /*give_away=*/true);
  ASSERT_EQ(0, chmod((db_ + "/postlist.glass").c_str(), 0000));
  ExpectPermissionDenied(RunAsOtherUser({QueryBinary(), "--db", db_, "attentat"}), 2,
                         db_ + "/postlist.glass");
  ExpectPermissionDenied(
      RunAsOtherUser({IndexBinary(), "--db", db_, "--quiet", CorpusDir() + "/articles.jsonl"}), 1,
      db_ + "/postlist.glass");
}

}  // namespace
}  // namespace facette::e2e
