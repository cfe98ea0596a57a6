# The client cases of the generated-client tests (test/clients/polyglot), for Ruby's grpc:
# each case calls the gateway through the generated stubs and prints what it saw as one
# JSON line; the test asserts the lines. See test/clients/polyglot/client-cases.ts.
$LOAD_PATH.unshift(File.expand_path('../lib', __dir__), File.expand_path('../gen', __dir__))
require 'json'
require 'actorgate_grpc'
require 'google/protobuf/wrappers_pb'

AG = ActorgateGrpc
V1 = Actorgate::V1
SYSTEM = ENV.fetch('ACTORGATE_SYSTEM')
RUN = ENV.fetch('ACTORGATE_RUN')
STRING_VALUE = 'type.googleapis.com/google.protobuf.StringValue'
$stdout.sync = true

def emit(step, fields = {})
  puts JSON.generate({ step: step }.merge(fields))
end

def failure(err)
  details = AG.error_details(err).map do |d|
    detail = { type_url: d.type_url }
    detail[:value] = d.unpack(Google::Protobuf::StringValue).value if d.type_url == STRING_VALUE
    detail
  end
  { error: { code: err.code, message: err.details, details: details } }
end

def attempt(step)
  emit(step, yield)
rescue GRPC::BadStatus => e
  emit(step, failure(e))
end

c = AG::Client.new(ENV.fetch('ACTORGATE_TARGET'))
counter = AG.ref(SYSTEM, 'Counter', "#{RUN}-a")
probe = AG.ref(SYSTEM, 'Probe')

invoke = lambda do |step, actor, action, input = nil, deadline: nil, **fields|
  attempt(step) do
    req = V1::InvokeRequest.new(actor: actor, action: action, **fields)
    req.payload = AG.json(input) unless input.nil?
    res = c.actors.invoke(req, deadline: deadline && Time.now + deadline)
    { reply: AG.from_json(res.reply), revision: res.revision, invocation_id: res.invocation_id }
  end
end

# Subscribe first; the test says when the gateway has the stream open.
events = c.actors.subscribe(V1::SubscribeRequest.new(system: SYSTEM, channel: 'resets'))
emit('subscribing')
$stdin.gets

attempt('activate') do
  a = c.actors.activate(V1::ActivateRequest.new(actors: [counter])).actors[0]
  { name: a.actor.name, created: a.created, revision: a.revision }
end
c.actors.invoke(V1::InvokeRequest.new(actor: counter, action: 'add', payload: AG.json({ by: 5 })))
invoke.call('invoke_json', counter, 'add', { by: 2 })
attempt('invoke_binary') do
  res = c.actors.invoke(V1::InvokeRequest.new(actor: probe, action: 'upper', payload: AG.binary(Google::Protobuf::StringValue.new(value: "hello #{RUN}"))))
  { type_url: res.reply.binary.type_url, value: res.reply.binary.unpack(Google::Protobuf::StringValue).value }
end
attempt('snapshot') { { revision: c.state.snapshot(V1::SnapshotRequest.new(actor: counter)).revision } }
attempt('get_state') do
  res = c.state.get_state(V1::GetStateRequest.new(actor: counter))
  { state: AG.from_json(res.state), json: res.json.to_ruby(true), revision: res.revision }
end
invoke.call('unknown_action', counter, 'nosuch')
invoke.call('invalid_argument', counter, 'add', { by: 'x' })
invoke.call('error_details', probe, 'refuse', { reason: RUN })
invoke.call('deadline', probe, 'wait', { gate: "deadline-#{RUN}" }, deadline: 0.3)
invoke.call('metadata', probe, 'echo', { run: RUN }, metadata: { 'x-run' => RUN, 'x-lang' => 'ruby' })
invoke.call('idempotent_first', counter, 'add', { by: 10 }, idempotency_key: "key-#{RUN}")
invoke.call('idempotent_again', counter, 'add', { by: 10 }, idempotency_key: "key-#{RUN}")
invoke.call('after_idempotent', counter, 'get')
attempt('broadcast') do
  { delivered: c.actors.broadcast(V1::BroadcastRequest.new(system: SYSTEM, channel: 'resets', payload: AG.json({ reason: RUN }))).delivered }
end
attempt('subscribe') do
  ev = events.next
  { channel: ev.channel, payload: AG.from_json(ev.payload) }
end
emit('done')
exit!(0) # the open Subscribe stream would keep the process waiting
