// The Boost.Beast side of the HTTP library comparison (bench/README.md): an
// asynchronous server, THREADS threads running one io_context, one strand
// per connection, keep-alive, TCP_NODELAY.
//   facette_http_bench_beast DB QUERIES PORT THREADS
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bench/http_bench_backend.h"

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, facette::bench::HttpBenchBackend& backend)
      : stream_(std::move(socket)), backend_(backend) {}
  void Run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

 private:
  void Read() {
    request_ = {};
    stream_.expires_after(std::chrono::seconds(30));
    http::async_read(stream_, buffer_, request_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }
  void OnRead(beast::error_code error, std::size_t) {
    if (error) {
      stream_.socket().shutdown(tcp::socket::shutdown_send, error);
      return;
    }
    std::string body;
    const int status = backend_.Answer(std::string(request_.target()), body);
    response_ = {};
    response_.result(static_cast<unsigned>(status));
    response_.version(request_.version());
    response_.keep_alive(request_.keep_alive());
    response_.set(http::field::content_type, "application/json");
    response_.body() = std::move(body);
    response_.prepare_payload();
    http::async_write(stream_, response_,
                      beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
  }
  void OnWrite(beast::error_code error, std::size_t) {
    if (error) return;
    if (!response_.keep_alive()) {
      stream_.socket().shutdown(tcp::socket::shutdown_send, error);
      return;
    }
    Read();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
  facette::bench::HttpBenchBackend& backend_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& context, tcp::endpoint endpoint,
           facette::bench::HttpBenchBackend& backend)
      : context_(context), acceptor_(net::make_strand(context)), backend_(backend) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }
  void Accept() {
    acceptor_.async_accept(net::make_strand(context_),
                           beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
  }

 private:
  void OnAccept(beast::error_code error, tcp::socket socket) {
    if (!error) {
      socket.set_option(tcp::no_delay(true));
      std::make_shared<Session>(std::move(socket), backend_)->Run();
    }
    Accept();
  }
  net::io_context& context_;
  tcp::acceptor acceptor_;
  facette::bench::HttpBenchBackend& backend_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s DB QUERIES PORT THREADS\n", argv[0]);
    return 2;
  }
  facette::bench::HttpBenchBackend backend(argv[1], argv[2]);
  const int threads = std::atoi(argv[4]);
  net::io_context context(threads);
  std::make_shared<Listener>(context,
                             tcp::endpoint(net::ip::make_address("127.0.0.1"),
                                           static_cast<unsigned short>(std::atoi(argv[3]))),
                             backend)
      ->Accept();
  std::printf("listening on http://127.0.0.1:%s\n", argv[3]);
  std::fflush(stdout);
  std::vector<std::thread> workers;
  for (int t = 1; t < threads; ++t) workers.emplace_back([&context] { context.run(); });
  context.run();
  for (auto& worker : workers) worker.join();
  return 0;
}
