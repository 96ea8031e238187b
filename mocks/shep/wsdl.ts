import { xmlValue } from '../../protocol/xml/build.ts';
import { COMMON_TYPES_NS, FAULT_ELEMENT, SYNC_INTERFACES_NS, SYNC_TYPES_NS } from '../../protocol/shep/envelope.ts';

/**
 * The WSDL 1.1 of SyncChannel v10 as this gateway implements it. Element and type names are the
 * ones public integrator code uses (ISyncChannel, SendMessage, SyncMessageInfo,
 * SendMessageFault1_SendMessageFault of type ErrorInfo); the binding, service and port names and
 * soapAction "" are the profile's choice (the real WSDL is not public). Only the address differs
 * between environments.
 */
export function buildWsdl(address: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions name="SyncChannel"
    targetNamespace="${SYNC_INTERFACES_NS}"
    xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xsd="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="${SYNC_INTERFACES_NS}"
    xmlns:types="${SYNC_TYPES_NS}"
    xmlns:common="${COMMON_TYPES_NS}">
  <wsdl:types>
    <xsd:schema targetNamespace="${COMMON_TYPES_NS}" elementFormDefault="unqualified">
      <xsd:complexType name="SenderInfo">
        <xsd:sequence>
          <xsd:element name="senderId" type="xsd:string"/>
          <xsd:element name="password" type="xsd:string" minOccurs="0"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="Property">
        <xsd:sequence>
          <xsd:element name="key" type="xsd:string"/>
          <xsd:element name="value" type="xsd:string"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="StatusInfo">
        <xsd:sequence>
          <xsd:element name="code" type="xsd:string"/>
          <xsd:element name="message">
            <xsd:simpleType>
              <xsd:restriction base="xsd:string"><xsd:maxLength value="250"/></xsd:restriction>
            </xsd:simpleType>
          </xsd:element>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="MessageData">
        <xsd:sequence>
          <xsd:element name="data" type="xsd:anyType" minOccurs="0"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="ErrorInfo">
        <xsd:sequence>
          <xsd:element name="errorCode" type="xsd:string"/>
          <xsd:element name="errorMessage" type="xsd:string"/>
          <xsd:element name="errorData" type="xsd:anyType" minOccurs="0"/>
          <xsd:element name="errorDate" type="xsd:dateTime"/>
          <xsd:element name="subError" type="common:ErrorInfo" minOccurs="0" maxOccurs="unbounded"/>
          <xsd:element name="sessionId" type="xsd:string" minOccurs="0"/>
        </xsd:sequence>
      </xsd:complexType>
    </xsd:schema>
    <xsd:schema targetNamespace="${SYNC_TYPES_NS}" elementFormDefault="unqualified">
      <xsd:import namespace="${COMMON_TYPES_NS}"/>
      <xsd:complexType name="SyncMessageInfo">
        <xsd:sequence>
          <xsd:element name="messageId" type="xsd:string"/>
          <xsd:element name="correlationId" type="xsd:string" minOccurs="0"/>
          <xsd:element name="serviceId" type="xsd:string"/>
          <xsd:element name="messageDate" type="xsd:dateTime"/>
          <xsd:element name="routeId" type="xsd:string" minOccurs="0"/>
          <xsd:element name="sender" type="common:SenderInfo"/>
          <xsd:element name="properties" type="common:Property" minOccurs="0" maxOccurs="unbounded"/>
          <xsd:element name="sessionId" type="xsd:string" minOccurs="0"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="SyncMessageInfoResponse">
        <xsd:sequence>
          <xsd:element name="messageId" type="xsd:string"/>
          <xsd:element name="correlationId" type="xsd:string" minOccurs="0"/>
          <xsd:element name="responseDate" type="xsd:dateTime"/>
          <xsd:element name="status" type="common:StatusInfo"/>
          <xsd:element name="sessionId" type="xsd:string"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="SyncSendMessageRequest">
        <xsd:sequence>
          <xsd:element name="requestInfo" type="types:SyncMessageInfo"/>
          <xsd:element name="requestData" type="common:MessageData" minOccurs="0"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="SyncSendMessageResponse">
        <xsd:sequence>
          <xsd:element name="responseInfo" type="types:SyncMessageInfoResponse"/>
          <xsd:element name="responseData" type="common:MessageData" minOccurs="0"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:element name="SendMessage">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="request" type="types:SyncSendMessageRequest"/>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
      <xsd:element name="SendMessageResponse">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="response" type="types:SyncSendMessageResponse"/>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
      <xsd:element name="${FAULT_ELEMENT}" type="common:ErrorInfo"/>
    </xsd:schema>
  </wsdl:types>
  <wsdl:message name="SendMessageRequest">
    <wsdl:part name="parameters" element="types:SendMessage"/>
  </wsdl:message>
  <wsdl:message name="SendMessageResponse">
    <wsdl:part name="parameters" element="types:SendMessageResponse"/>
  </wsdl:message>
  <wsdl:message name="SendMessageFault">
    <wsdl:part name="fault" element="types:${FAULT_ELEMENT}"/>
  </wsdl:message>
  <wsdl:portType name="ISyncChannel">
    <wsdl:operation name="SendMessage">
      <wsdl:input message="tns:SendMessageRequest"/>
      <wsdl:output message="tns:SendMessageResponse"/>
      <wsdl:fault name="SendMessageFault" message="tns:SendMessageFault"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="SyncChannelHttpBinding" type="tns:ISyncChannel">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="SendMessage">
      <soap:operation soapAction="" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="SendMessageFault"><soap:fault name="SendMessageFault" use="literal"/></wsdl:fault>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="SyncChannelHttp_Service">
    <wsdl:port name="SyncChannelHttpPort" binding="tns:SyncChannelHttpBinding">
      <soap:address location="${xmlValue(address)}"/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
`;
}
