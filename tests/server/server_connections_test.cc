// facette-serve's connections: a stop that does not wait for idle
// keep-alive connections, the connection limit (503 with Retry-After, then
// close), and a client trickling its request a byte at a time.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "server/server_support.h"

namespace facette::test {
namespace {

using Clock = std::chrono::steady_clock;

const std::string kKey = "connections-test-key";
const std::vector<std::pair<std::string, std::string>> kAuth = {
    {"Authorization", "Bearer " + kKey}};

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A raw TCP connection to the server, closed by the destructor.
class Connection {
 public:
  explicit Connection(int port) : sock_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ =
        sock_ >= 0 && connect(sock_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~Connection() { Close(); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool connected() const { return connected_; }
  void Close() {
    if (sock_ >= 0) close(sock_);
    sock_ = -1;
  }
  bool Send(const std::string& bytes) {
    return send(sock_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }
  // One response: its head and the Content-Length bytes of its body; ""
  // when the connection closes or nothing comes within `seconds`.
  std::string ReadResponse(double seconds) {
    const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(seconds));
    std::string data;
    for (;;) {
      const auto head_end = data.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        const auto length_at = data.find("Content-Length: ");
        const std::size_t length =
            length_at == std::string::npos ? 0 : std::stoul(data.substr(length_at + 16));
        if (data.size() >= head_end + 4 + length) return data.substr(0, head_end + 4 + length);
      }
      if (!WaitReadable(deadline)) return "";
      char buffer[4096];
      const ssize_t got = recv(sock_, buffer, sizeof buffer, 0);
      if (got <= 0) return "";
      data.append(buffer, static_cast<std::size_t>(got));
    }
  }
  // True when the server closes the connection within `seconds` (what it
  // sends before is read and dropped).
  bool ClosedWithin(double seconds) {
    const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(seconds));
    while (WaitReadable(deadline)) {
      char buffer[4096];
      if (recv(sock_, buffer, sizeof buffer, 0) <= 0) return true;
    }
    return false;
  }

 private:
  bool WaitReadable(Clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd fd{sock_, POLLIN, 0};
    return poll(&fd, 1, static_cast<int>(left.count())) > 0;
  }

  int sock_;
  bool connected_ = false;
};

const std::string kHealthKeepAlive = "GET /health HTTP/1.1\r\nHost: test\r\n\r\n";

class ServerConnectionsTest : public ::testing::Test {
 protected:
  void SetUp() override { IndexFile(scratch_.Path("db"), CorpusFile()); }
  void TearDown() override { EXPECT_EQ(LiveServers(), 0) << "a server outlived its test"; }
  std::unique_ptr<ServerProcess> Start(const std::vector<std::string>& args) {
    auto server = std::make_unique<ServerProcess>(
        scratch_.Path("db"), args, std::vector<std::string>{"FACETTE_API_KEY=" + kKey});
    EXPECT_TRUE(server->started());
    return server;
  }
  ScratchDir scratch_;
};

// A request announcing a body it cannot frame is answered at once, and
// the connection closed (what follows is not read); one with no length at
// all has no body (RFC 9112, 6.3). The request timeout (60 s) is far
// longer than the client waits: none of these waits for it.
TEST_F(ServerConnectionsTest, BodiesWithoutAUsableLengthAreAnsweredAtOnce) {
  auto server = Start({"--quiet", "--request-timeout", "60", "--max-body", "1024"});
  ASSERT_TRUE(server->started());
  struct Case {
    std::string head;
    std::string status;
    std::string code;
    bool closes;
  };
  const std::vector<Case> cases = {
      {"POST /search HTTP/1.1\r\nHost: test\r\n\r\n", "400", "invalid_json", false},
      {"PUT /articles/sans-corps HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer " + kKey +
           "\r\n\r\n",
       "400", "invalid_json", false},
      {"POST /search HTTP/1.1\r\nHost: test\r\nContent-Length: -1\r\n\r\n{}", "400", "bad_request",
       true},
      {"POST /search HTTP/1.1\r\nHost: test\r\nContent-Length: deux\r\n\r\n{}", "400",
       "bad_request", true},
      {"POST /search HTTP/1.1\r\nHost: test\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
       "400", "bad_request", true},
      {"POST /search HTTP/1.1\r\nHost: test\r\nContent-Length: 999999999999\r\n\r\n{}", "413",
       "body_too_large", true},
      // Chunks: no length to check first, the size counted as they come.
      {"POST /search HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" +
           std::string(2048, ' ') + "\r\n0\r\n\r\n",
       "413", "body_too_large", true},
      // A method no route takes: the route's answer, not "cannot be read".
      {"TRACE /search HTTP/1.1\r\nHost: test\r\n\r\n", "405", "method_not_allowed", true},
      {"GET /search?q=" + std::string(20000, 'a') + " HTTP/1.1\r\nHost: test\r\n\r\n", "414",
       "uri_too_long", true},
  };
  for (const Case& c : cases) {
    Connection connection(server->port());
    ASSERT_TRUE(connection.connected());
    ASSERT_TRUE(connection.Send(c.head));
    const std::string answer = connection.ReadResponse(5);
    EXPECT_EQ(answer.rfind("HTTP/1.1 " + c.status, 0), 0u) << c.head.substr(0, 80) << answer;
    EXPECT_NE(answer.find("\"code\":\"" + c.code + "\""), std::string::npos) << answer;
    EXPECT_EQ(answer.find("Connection: close") != std::string::npos, c.closes) << answer;
    if (c.closes) {
      EXPECT_TRUE(connection.ClosedWithin(5)) << c.head.substr(0, 80);
    } else {
      // Kept alive, and the next request on it is read as one.
      ASSERT_TRUE(connection.Send(kHealthKeepAlive));
      const std::string next = connection.ReadResponse(5);
      EXPECT_EQ(next.rfind("HTTP/1.1 200", 0), 0u) << next;
    }
  }
  // Each of them counted by status.
  const std::string metrics = server->Get("/metrics").body;
  for (const auto& [status, count] : {std::pair<std::string, int>{"413", 2}, {"414", 1}}) {
    EXPECT_NE(metrics.find("facette_http_requests_total{route=\"other\",status=\"" + status +
                           "\"} " + std::to_string(count)),
              std::string::npos)
        << status << "\n"
        << metrics;
  }
  EXPECT_EQ(server->SignalAndWait(SIGTERM, 10), 0);
}

// An answer given while the server stops says that its connection closes,
// so that a keep-alive client does not send another request on it.
TEST_F(ServerConnectionsTest, AnAnswerGivenWhileStoppingSaysConnectionClose) {
  // A long commit interval keeps the write waiting in the writer when the
  // signal comes.
  auto server = Start({"--quiet", "--commit-interval", "3000"});
  ASSERT_TRUE(server->started());
  Connection connection(server->port());
  ASSERT_TRUE(connection.connected());
  const std::string body = R"({"title":"Écrit pendant l'arrêt"})";
  ASSERT_TRUE(connection.Send(
      "PUT /articles/arret HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer " + kKey +
      "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(kill(server->pid(), SIGTERM), 0);
  const std::string answer = connection.ReadResponse(10);
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
  EXPECT_NE(answer.find("Connection: close"), std::string::npos) << answer;
  EXPECT_TRUE(connection.ClosedWithin(5));
  EXPECT_EQ(server->SignalAndWait(SIGTERM, 10), 0);
}

TEST_F(ServerConnectionsTest, SigtermDoesNotWaitForAnIdleKeepAliveConnection) {
  // Idle connections would be kept 60 s.
  auto server = Start({"--quiet", "--idle-timeout", "60"});
  ASSERT_TRUE(server->started());
  ASSERT_EQ(
      server->Send("PUT", "/articles/kept", R"({"title":"Gardé après l'arrêt"})", kAuth).status,
      200);
  Connection idle(server->port());
  ASSERT_TRUE(idle.connected());
  ASSERT_TRUE(idle.Send(kHealthKeepAlive));
  const std::string answer = idle.ReadResponse(10);
  ASSERT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
  ASSERT_EQ(answer.find("Connection: close"), std::string::npos) << "not kept alive: " << answer;

  const auto start = Clock::now();
  EXPECT_EQ(server->SignalAndWait(SIGTERM, 5), 0);
  const double seconds = SecondsSince(start);
  EXPECT_LT(seconds, 1.0);
  EXPECT_TRUE(idle.ClosedWithin(1));
  // The acknowledged write is in the database.
  Measured found =
      RunMeasured({QueryBinary(), "--db", scratch_.Path("db"), "--format", "ids", "id:kept"}, 60);
  EXPECT_EQ(found.out, "kept\n") << found.err;
}

TEST_F(ServerConnectionsTest, AConnectionOverTheLimitIs503WithRetryAfterThenClosed) {
  auto server =
      Start({"--quiet", "--threads", "1", "--max-connections", "1", "--idle-timeout", "60"});
  ASSERT_TRUE(server->started());
  // The one connection the server takes, kept open.
  Connection held(server->port());
  ASSERT_TRUE(held.connected());
  ASSERT_TRUE(held.Send(kHealthKeepAlive));
  ASSERT_EQ(held.ReadResponse(10).rfind("HTTP/1.1 200", 0), 0u);

  // Another one is told at once, and closed.
  Connection over(server->port());
  ASSERT_TRUE(over.connected());
  ASSERT_TRUE(over.Send("GET /search?q=paris HTTP/1.1\r\nHost: test\r\n\r\n"));
  const auto start = Clock::now();
  const std::string refused = over.ReadResponse(5);
  EXPECT_LT(SecondsSince(start), 2.0);
  EXPECT_EQ(refused.rfind("HTTP/1.1 503", 0), 0u) << refused;
  EXPECT_NE(refused.find("Retry-After: 1\r\n"), std::string::npos) << refused;
  EXPECT_NE(refused.find("\"code\":\"too_many_connections\""), std::string::npos) << refused;
  EXPECT_TRUE(over.ClosedWithin(2));

  // The held connection is still served; once it closes, a new one is.
  ASSERT_TRUE(held.Send(kHealthKeepAlive));
  EXPECT_EQ(held.ReadResponse(10).rfind("HTTP/1.1 200", 0), 0u);
  held.Close();
  Reply reply;
  for (int attempt = 0; attempt < 50 && reply.status != 200; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    reply = server->Get("/health");
  }
  EXPECT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(server->SignalAndWait(SIGTERM, 10), 0);
}

TEST_F(ServerConnectionsTest, AnIdleConnectionGivesItsWorkerToAWaitingOne) {
  // One worker, a held idle connection: the next one waits for the worker
  // only until the held one has been idle a moment, not its idle timeout.
  auto server = Start({"--quiet", "--threads", "1", "--idle-timeout", "60"});
  ASSERT_TRUE(server->started());
  Connection held(server->port());
  ASSERT_TRUE(held.connected());
  ASSERT_TRUE(held.Send(kHealthKeepAlive));
  ASSERT_EQ(held.ReadResponse(10).rfind("HTTP/1.1 200", 0), 0u);
  const auto start = Clock::now();
  Reply reply = server->Get("/health");
  EXPECT_EQ(reply.status, 200) << reply.body;
  EXPECT_LT(SecondsSince(start), 2.0);
  EXPECT_TRUE(held.ClosedWithin(1));
  EXPECT_EQ(server->SignalAndWait(SIGTERM, 10), 0);
}

TEST_F(ServerConnectionsTest, ANewConnectionSlowToSendIsNotDroppedForAWaitingOne) {
  auto server = Start({"--quiet", "--threads", "1", "--idle-timeout", "60"});
  ASSERT_TRUE(server->started());
  // The worker takes a connection whose request comes late; another one
  // waits for the worker meanwhile.
  Connection late(server->port());
  ASSERT_TRUE(late.connected());
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  Connection waiting(server->port());
  ASSERT_TRUE(waiting.connected());
  ASSERT_TRUE(waiting.Send(kHealthKeepAlive));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  ASSERT_TRUE(late.Send(kHealthKeepAlive));
  EXPECT_EQ(late.ReadResponse(5).rfind("HTTP/1.1 200", 0), 0u);
  // Then, idle, the late one gives the worker to the waiting one.
  EXPECT_EQ(waiting.ReadResponse(5).rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_EQ(server->SignalAndWait(SIGTERM, 10), 0);
}

TEST_F(ServerConnectionsTest, ARequestTrickledAByteAtATimeLosesItsWorkerAtTheRequestTimeout) {
  auto server = Start({"--quiet", "--threads", "1", "--request-timeout", "1"});
  ASSERT_TRUE(server->started());
  Connection slow(server->port());
  ASSERT_TRUE(slow.connected());
  // Headers that never end, a byte every 100 ms (each read comes well
  // within the timeout; the whole request does not).
  std::atomic<bool> sending{true};
  const auto start = Clock::now();
  std::thread trickle([&] {
    const std::string head = "POST /search HTTP/1.1\r\nHost: test\r\nX-Slow: ";
    for (std::size_t i = 0; sending && SecondsSince(start) < 8; ++i) {
      if (!slow.Send(std::string(1, i < head.size() ? head[i] : 'a'))) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // The server answers the trickled request with an error and closes it
  // about a second after it began.
  const bool closed = slow.ClosedWithin(6);
  const double seconds = SecondsSince(start);
  sending = false;
  trickle.join();
  EXPECT_TRUE(closed);
  EXPECT_LT(seconds, 3.0);
  // Its worker serves others.
  EXPECT_EQ(server->Get("/health").status, 200);
  EXPECT_EQ(server->SignalAndWait(SIGTERM, 10), 0);
}

}  // namespace
}  // namespace facette::test
