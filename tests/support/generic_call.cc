#include "tests/support/generic_call.h"

#include <google/protobuf/dynamic_message.h>
#include <grpcpp/generic/generic_stub.h>

#include <filesystem>
#include <future>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"

namespace concierge::testing {
namespace {

grpc::ByteBuffer ToBuffer(const google::protobuf::Message& message) {
  std::string bytes;
  message.SerializeToString(&bytes);
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

// Writes one request, then reads until the first response or the end.
class OneShotStream : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  OneShotStream(grpc::GenericStub* stub, grpc::ClientContext* context,
                const std::string& method, grpc::ByteBuffer request)
      : context_(context), request_(std::move(request)) {
    stub->PrepareBidiStreamingCall(context, method, {}, this);
    StartWriteLast(&request_, grpc::WriteOptions());
    StartRead(&response_);
    StartCall();
  }
  void OnWriteDone(bool) override {}
  void OnReadDone(bool ok) override {
    // A message arrived: the stream was admitted; stop here.
    if (ok) context_->TryCancel();
  }
  void OnDone(const grpc::Status& status) override { done_.set_value(status); }
  grpc::Status Await() { return done_.get_future().get(); }

 private:
  grpc::ClientContext* context_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
  std::promise<grpc::Status> done_;
};

grpc::Status Unary(grpc::GenericStub* stub, grpc::ClientContext* context,
                   const std::string& path,
                   const google::protobuf::Message& request,
                   std::string* response) {
  grpc::ByteBuffer reply;
  const grpc::ByteBuffer buffer = ToBuffer(request);
  std::promise<grpc::Status> done;
  stub->UnaryCall(context, path, {}, &buffer, &reply, [&](grpc::Status status) {
    done.set_value(std::move(status));
  });
  grpc::Status status = done.get_future().get();
  response->clear();
  if (status.ok()) {
    std::vector<grpc::Slice> slices;
    if (reply.Dump(&slices).ok()) {
      for (const grpc::Slice& s : slices) {
        response->append(reinterpret_cast<const char*>(s.begin()), s.size());
      }
    }
  }
  return status;
}

}  // namespace

std::vector<const google::protobuf::ServiceDescriptor*> AllConciergeServices() {
  std::vector<const google::protobuf::ServiceDescriptor*> services;
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  const std::filesystem::path dir =
      std::filesystem::path(CONCIERGE_SOURCE_DIR) / "protos/concierge/v1";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".proto") continue;
    const auto* file = pool->FindFileByName(
        absl::StrCat("concierge/v1/", entry.path().filename().string()));
    if (file == nullptr) continue;  // reported by the unit test
    for (int i = 0; i < file->service_count(); ++i) {
      services.push_back(file->service(i));
    }
  }
  return services;
}

std::string MethodPath(const google::protobuf::MethodDescriptor* method) {
  return absl::StrCat("/", method->service()->full_name(), "/", method->name());
}

std::unique_ptr<google::protobuf::Message> NewRequest(
    const google::protobuf::MethodDescriptor* method) {
  const auto* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(
          method->input_type());
  return std::unique_ptr<google::protobuf::Message>(prototype->New());
}

grpc::Status CallAny(const std::shared_ptr<grpc::Channel>& channel,
                     const google::protobuf::MethodDescriptor* method,
                     const google::protobuf::Message& request,
                     const std::string& token, absl::Duration timeout) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  const std::string path = MethodPath(method);
  if (method->server_streaming() || method->client_streaming()) {
    OneShotStream stream(&stub, &context, path, ToBuffer(request));
    grpc::Status status = stream.Await();
    // Still open at the deadline, or cancelled after a first message: admitted.
    if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ||
        status.error_code() == grpc::StatusCode::CANCELLED) {
      return grpc::Status::OK;
    }
    return status;
  }
  std::string ignored;
  return Unary(&stub, &context, path, request, &ignored);
}

grpc::Status CallUnary(const std::shared_ptr<grpc::Channel>& channel,
                       const google::protobuf::MethodDescriptor* method,
                       const google::protobuf::Message& request,
                       const std::string& token, std::string* response) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  return Unary(&stub, &context, MethodPath(method), request, response);
}

}  // namespace concierge::testing
