# Deciding a case from Ruby (a Rails app such as Primero) with Debian's
# ruby-ffi. Usage: ruby decide.rb LIBREFERRAL_C RULES CASE.json
require 'ffi'
require 'json'

module Referral
  extend FFI::Library
  ffi_lib ARGV[0]
  attach_function :referral_engine_open, [:pointer, :string], :int
  attach_function :referral_decide, [:pointer, :pointer, :string, :size_t, :int], :int
  attach_function :referral_string_free, [:pointer], :void
  attach_function :referral_last_errors, [], :string
end

engine = FFI::MemoryPointer.new(:pointer)
raise Referral.referral_last_errors if Referral.referral_engine_open(engine, ARGV[1]) != 0
kase = File.read(ARGV[2])
out = FFI::MemoryPointer.new(:pointer)
raise Referral.referral_last_errors if Referral.referral_decide(out, engine.read_pointer, kase, kase.bytesize, 0) != 0
decision = JSON.parse(out.read_pointer.read_string.force_encoding('UTF-8'))
Referral.referral_string_free(out.read_pointer)
puts decision['referrals'].map { |r| r['service'] }.join(' ')
