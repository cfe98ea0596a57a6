# Calls the example counter (npm run example:counter-host) from Ruby: invokes it, reads
# its state and prints one broadcast seen through Subscribe.
#
#   ACTORGATE_TARGET=127.0.0.1:9300 ruby clients/ruby/examples/counter.rb
$LOAD_PATH.unshift(File.expand_path('../lib', __dir__), File.expand_path('../gen', __dir__))
require 'json'
require 'actorgate_grpc'

AG = ActorgateGrpc
V1 = Actorgate::V1
$stdout.sync = true

c = AG::Client.new(ENV.fetch('ACTORGATE_TARGET', '127.0.0.1:9300'))
alice = AG.ref('demo', 'Counter', 'alice')
deadline = Time.now + 10

res = c.actors.invoke(V1::InvokeRequest.new(actor: alice, action: 'add', payload: AG.json({ by: 5 })), deadline: deadline)
puts "add   demo/Counter/alice -> #{AG.from_json(res.reply)['value'].to_i} (revision #{res.revision})"

state = c.state.get_state(V1::GetStateRequest.new(actor: alice), deadline: deadline)
puts "state demo/Counter/alice -> #{JSON.generate(AG.from_json(state.state))} (revision #{state.revision})"

events = c.actors.subscribe(V1::SubscribeRequest.new(system: 'demo', channel: 'resets'), deadline: deadline)
first = Thread.new { events.next }
# The gateway answers a Subscribe with its first event, so a client cannot tell when the
# stream is open: broadcast until the event arrives.
until first.join(0.2)
  c.actors.broadcast(V1::BroadcastRequest.new(system: 'demo', channel: 'resets', payload: AG.json({ reason: 'example' })), deadline: deadline)
end
ev = first.value
puts "event demo/#{ev.channel} -> #{JSON.generate(AG.from_json(ev.payload))}"
exit!(0) # the open Subscribe stream would keep the process waiting
